#ifndef NW_ROBOTS_H
#define NW_ROBOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* robots.txt (RFC 9309) for article pages: the group of our agent token,
 * else the "*" group; Allow and Disallow paths with * and $, the longest
 * match winning (Allow on a tie); Crawl-delay. */
struct robots;

/* Parses a robots.txt body for `agent` (a product token, any case).
 * Never fails: an empty or unreadable body allows everything. */
struct robots *robots_parse(const char *text, size_t len, const char *agent);

/* Whether a URL path (with its query) may be fetched. NULL rules allow all. */
bool robots_allowed(const struct robots *r, const char *path);

/* The Crawl-delay asked for, in ms (0 when none; at most 60 s). */
int64_t robots_crawl_delay_ms(const struct robots *r);

void robots_free(struct robots *r);

#endif
