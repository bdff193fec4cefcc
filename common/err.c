#include "err.h"

#include <stdarg.h>
#include <stdio.h>

void nw_err_set(struct nw_err *err, int code, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL)
        return;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}
