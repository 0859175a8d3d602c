import { defineErrors } from '../define.js';

/**
 * File doors: the built-in SFTP server, remote SFTP channels and local drop folders. Findings about
 * a file (too large, not a regular file) go into the `.errors.txt` beside it; the others name what
 * a log line or a failed delivery attempt is about.
 */
export const sftpErrors = defineErrors({
  GW_ERR_FILE_TOO_LARGE: { severity: 'error', http: 413, title: 'A file uploaded over SFTP or left in a drop folder is larger than the limit (sftp.maxFileBytes); it was not accepted.' },
  GW_ERR_FILE_NOT_REGULAR: { severity: 'warning', title: 'A symbolic link, directory or special file was found where the gateway collects files; it is never followed or ingested.' },
  GW_ERR_FILE_STORE_FAILED: { severity: 'error', title: 'The gateway could not store a file it collected; nothing was acknowledged and the file stays where it was, to be collected or uploaded again.' },
  GW_ERR_SFTP_LOGIN_FAILED: { severity: 'warning', title: 'An SFTP login failed (unknown user, wrong password or key). Logged with the user name and address, never the password.' },
  GW_ERR_SFTP_LOGIN_BLOCKED: { severity: 'warning', title: 'Too many failed SFTP logins (sftp.maxAuthAttempts): the connection is closed, and an address that keeps failing is refused for a while.' },
  GW_ERR_SFTP_REFUSED: { severity: 'warning', title: 'An SFTP client asked for something the gateway never allows: a path outside the partner\'s home, a link, a shell, a command, a subsystem other than sftp, or port forwarding.' },
  GW_ERR_SFTP_BUSY: { severity: 'warning', title: 'The file is being uploaded or ingested by another request; try again once that is finished.' },
  GW_ERR_REMOTE_SFTP_UNREACHABLE: { severity: 'warning', title: 'The partner\'s SFTP server could not be reached, or the connection broke; the delivery or collection is tried again.' },
  GW_ERR_REMOTE_SFTP_LOGIN: { severity: 'error', title: 'The partner\'s SFTP server refused the gateway\'s login (username, password or key in the channel configuration).' },
  GW_ERR_REMOTE_SFTP_HOST_KEY: { severity: 'error', title: 'The partner\'s SFTP server presented a host key other than the one pinned in the channel (hostKeySha256); the gateway did not log in.' },
  GW_ERR_REMOTE_SFTP_TRANSFER: { severity: 'warning', title: 'Writing to or reading from the partner\'s SFTP server failed (missing directory, permissions, disk full); the delivery or collection is tried again.' },
  GW_ERR_DROP_FOLDER_UNAVAILABLE: { severity: 'warning', title: 'A drop folder cannot be read or written (missing directory, permissions, disk full); the delivery or collection is tried again.' },
});
