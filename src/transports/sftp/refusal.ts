/**
 * How the SFTP session says no: a `Refusal` carries the SFTP status and a text the client shows;
 * file system errors map to the nearest status. Texts start with the GW_ERR_* code where there is
 * one, so a partner's script can match on it (OpenSSH's client shows only the status).
 */
import ssh2 from 'ssh2';

const { STATUS_CODE } = ssh2.utils.sftp;

/** A request the session answers with this SFTP status instead of carrying it out. */
export class Refusal extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const denied = (why: string): Refusal => new Refusal(STATUS_CODE.PERMISSION_DENIED, why);
export const noSuchFile = (): Refusal => new Refusal(STATUS_CODE.NO_SUCH_FILE, 'no such file');
export const failure = (why: string): Refusal => new Refusal(STATUS_CODE.FAILURE, why);
export const busy = (name: string): Refusal => failure(`GW_ERR_SFTP_BUSY: ${name} is being uploaded or ingested; try again shortly`);

/** The SFTP status and text a failed request is answered with, and whether the failure is the gateway's own. */
export function statusFor(err: unknown): [number, string, boolean] {
  if (err instanceof Refusal) return [err.status, err.message, false];
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return [STATUS_CODE.NO_SUCH_FILE, 'no such file', false];
  if (code === 'EEXIST') return [STATUS_CODE.FAILURE, 'a file of that name exists', false];
  if (code === 'ELOOP' || code === 'EACCES' || code === 'EPERM') return [STATUS_CODE.PERMISSION_DENIED, 'permission denied', false];
  return [STATUS_CODE.FAILURE, 'the gateway failed to carry out the request; try again', true];
}

/** An SFTP `string` (uint32 length, bytes) at `at`; undefined when the buffer is too short. */
export function readString(buf: Buffer, at: number): { value: string; end: number } | undefined {
  if (at + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(at);
  if (at + 4 + len > buf.length) return undefined;
  return { value: buf.toString('utf8', at + 4, at + 4 + len), end: at + 4 + len };
}
