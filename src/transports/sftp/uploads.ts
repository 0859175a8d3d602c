/**
 * Which inbox files are being written or ingested right now, across every session of the server.
 * A file has at most one writer, and nobody renames, removes or overwrites a file while the gateway
 * reads and stores it: such requests get GW_ERR_SFTP_BUSY and may be tried again.
 */
export interface Upload {
  /** Absolute path of the file; follows renames made while it is open. */
  path: string;
  /** Its current name in the inbox. */
  name: string;
  /** A write went past sftp.maxFileBytes: the file is refused when closed. */
  oversize: boolean;
  /** Highest byte written + 1. */
  size: number;
  /**
   * The bytes of a small file written front to back through this handle, kept so the gateway need
   * not read the file back at close; undefined once the writes leave that pattern.
   */
  chunks: Buffer[] | undefined;
  chunkBytes: number;
}

export class UploadRegistry {
  private readonly writing = new Map<string, Upload>();
  private readonly ingesting = new Set<string>();

  busy(path: string): boolean {
    return this.writing.has(path) || this.ingesting.has(path);
  }

  isWriting(path: string): boolean {
    return this.writing.has(path);
  }

  /** Registers a writer; undefined when the file already has one or is being ingested. */
  open(path: string, name: string): Upload | undefined {
    if (this.busy(path)) return undefined;
    const upload: Upload = { path, name, oversize: false, size: 0, chunks: undefined, chunkBytes: 0 };
    this.writing.set(path, upload);
    return upload;
  }

  release(upload: Upload): void {
    if (this.writing.get(upload.path) === upload) this.writing.delete(upload.path);
  }

  /** A rename moved an open file: its writer follows it. */
  moved(from: string, to: string, name: string): void {
    const upload = this.writing.get(from);
    if (!upload) return;
    this.writing.delete(from);
    upload.path = to;
    upload.name = name;
    this.writing.set(to, upload);
  }

  /** Marks a file as being ingested; false when someone else holds it. */
  claim(path: string): boolean {
    if (this.busy(path)) return false;
    this.ingesting.add(path);
    return true;
  }

  unclaim(path: string): void {
    this.ingesting.delete(path);
  }
}
