#ifndef NW_ERR_H
#define NW_ERR_H

/* Error detail for input errors (bad feed, bad config, bad message).
 * Functions taking a `struct nw_err *` accept NULL. */
struct nw_err {
    int code;       /* module-specific; 0 when unset */
    char msg[256];  /* one line, no trailing newline */
};

void nw_err_set(struct nw_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
