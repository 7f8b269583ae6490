/** A read that failed, classified; `detail` is the API server's own message (or the network error). */
export class KubeReadError extends Error {
    kind;
    what;
    detail;
    status;
    reason;
    constructor(kind, 
    /** What was being read, e.g. `pod "x" in namespace "default"`. */
    what, detail, status, reason) {
        super(`${what}: ${status ? `${status} ` : ''}${reason ? `${reason}: ` : ''}${detail}`);
        this.kind = kind;
        this.what = what;
        this.detail = detail;
        this.status = status;
        this.reason = reason;
        this.name = 'KubeReadError';
    }
}
