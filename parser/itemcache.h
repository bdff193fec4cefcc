#ifndef NW_ITEMCACHE_H
#define NW_ITEMCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/noun.h"

/* What the parser stage works out from a feed item's text and byline (its
 * word count, language, names, credited agencies), kept for the next time
 * the same text comes by: a feed refetched after one new entry brings its
 * other entries again, and a feed without validators brings all of them.
 * The facts are a pure function of (byline, text, the language the feed
 * declares), so a hit gives exactly what working them out would.
 *
 * One cache per process, shared by the parser threads (a feed is not
 * always parsed by the same one), bounded in bytes: two generations, the
 * older dropped whole when the newer fills its half of the budget, and a
 * hit in the older moves the entry into the newer. */

struct item_facts {
    int64_t words;
    char *lang; /* NULL when not identified */
    struct nw_strv authors, agencies;
};

struct item_key {
    uint64_t lo, hi;
};

/* The key of a byline, a text (either may be NULL) and the language the
 * feed declares (NULL: none). */
struct item_key itemcache_key(const char *byline, const char *text, const char *declared);

/* Starts the cache with a budget in bytes (0: no cache). */
void itemcache_open(size_t budget);
void itemcache_close(void);

/* Fills *f with new copies of the facts stored under key; false when there
 * are none (or no cache). */
bool itemcache_get(struct item_key key, struct item_facts *f);

/* Stores a copy of *f under key (nothing when there is no cache). */
void itemcache_put(struct item_key key, const struct item_facts *f);

/* Lookups are counted in nw_stats (parse_items_cached, parse_items_worked). */

#endif
