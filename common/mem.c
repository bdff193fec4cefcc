#include "mem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check(void *p)
{
    if (p == NULL) {
        fputs("newswire: error: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *nw_malloc(size_t n) { return check(malloc(n ? n : 1)); }
void *nw_calloc(size_t count, size_t n) { return check(calloc(count ? count : 1, n ? n : 1)); }
void *nw_realloc(void *p, size_t n) { return check(realloc(p, n ? n : 1)); }
char *nw_strdup(const char *s) { return check(strdup(s)); }

char *nw_strndup(const char *s, size_t n)
{
    char *d = nw_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *nw_trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}
