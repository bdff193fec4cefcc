#ifndef NW_MEM_H
#define NW_MEM_H

#include <stddef.h>

/* Allocation wrappers that abort on out-of-memory: callers never check. */
void *nw_malloc(size_t n);
void *nw_calloc(size_t count, size_t n);
void *nw_realloc(void *p, size_t n);
char *nw_strdup(const char *s);
char *nw_strndup(const char *s, size_t n);

/* Cuts white space off both ends of s, in place; returns its first kept
 * character. */
char *nw_trim(char *s);

#endif
