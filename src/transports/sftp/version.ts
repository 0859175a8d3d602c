/**
 * ssh2's SFTP server answers the client's INIT with a fixed VERSION packet (version 3, no
 * extensions) and offers no option to add any. Clients then never use posix-rename@openssh.com,
 * and a plain SFTPv3 RENAME cannot replace a file, so partners (and other gateways pushing to this
 * one) lose their atomic "upload under a temporary name, rename over the final name".
 *
 * This swaps that one packet, on its way out, for a VERSION that lists the extensions this server
 * implements (session.ts handles EXTENDED posix-rename). It hooks the connection's `channelData`
 * only until the VERSION has gone out, and only for this channel. If a future ssh2 changes its
 * internals the hook finds nothing to patch and the server keeps working without the extension
 * (clients fall back to plain RENAME): a test checks the extension is offered.
 */
import type { SFTPWrapper } from 'ssh2';

type ChannelData = (id: number, data: Buffer) => unknown;

interface SftpInternals {
  readonly _protocol?: { channelData?: ChannelData };
  readonly outgoing?: { readonly id: number };
}

const SSH_FXP_VERSION = 2;

/** The VERSION packet ssh2 sends: length 5, type 2, version 3. */
function isPlainVersion(data: Buffer): boolean {
  return data.length === 9 && data.readUInt32BE(0) === 5 && data[4] === SSH_FXP_VERSION && data.readUInt32BE(5) === 3;
}

export function versionPacket(extensions: Readonly<Record<string, string>>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(extensions)) {
    for (const s of [name, value]) {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length, 0);
      parts.push(len, b);
    }
  }
  const body = Buffer.concat([Buffer.from([SSH_FXP_VERSION, 0, 0, 0, 3]), ...parts]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length, 0);
  return Buffer.concat([len, body]);
}

/** Call right after accepting the sftp subsystem, before the client's INIT can arrive. */
export function advertiseExtensions(sftp: SFTPWrapper, extensions: Readonly<Record<string, string>>): boolean {
  const internals = sftp as unknown as SftpInternals;
  const proto = internals._protocol;
  const outgoing = internals.outgoing;
  const original = proto?.channelData;
  if (!proto || !outgoing || typeof original !== 'function') return false;
  const packet = versionPacket(extensions);
  let done = false;
  const patched: ChannelData = (id, data) => {
    if (!done && id === outgoing.id && isPlainVersion(data)) {
      restore();
      return original.call(proto, id, packet);
    }
    return original.call(proto, id, data);
  };
  const ownProperty = Object.hasOwn(proto, 'channelData');
  function restore(): void {
    if (done) return;
    done = true;
    // Another channel of this connection may have hooked in after us; then ours stays as a pass-through.
    if (proto!.channelData !== patched) return;
    if (ownProperty) proto!.channelData = original;
    else delete proto!.channelData;
  }
  proto.channelData = patched;
  sftp.once('ready', restore);
  sftp.once('close', restore);
  return true;
}
