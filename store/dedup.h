#ifndef NW_DEDUP_H
#define NW_DEDUP_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/msg.h"
#include "record.h"

/* Identity and likeness of items.
 *
 * Identity (DESIGN §3): an item's key is its canonical URL when it has an
 * http(s) URL, else its GUID, else its feed, title and date.
 *
 * Likeness (near-duplicates, the same wire dispatch republished): a
 * MinHash signature of the body's word 3-shingles, by one-permutation
 * hashing (one hash per shingle, RECORD_SIG_K bins, the minimum kept per
 * bin, empty bins filled from their neighbours), which estimates the
 * Jaccard similarity J of two shingle sets as the share of equal bins.
 * Candidates are found through DEDUP_BANDS single-bin keys (two texts with
 * J = 0.4 share at least one with probability 1 - 0.6^12 > 0.998), then
 * checked on the whole signature. Why this and not SimHash: outlets trim
 * endings, add paragraphs and insert ad lines; such edits move a 64-bit
 * SimHash by far more than a few bits, while J and the containment of the
 * shorter text in the longer stay high. Different stories about the same
 * event share names and places, not runs of three words: their J stays
 * under 0.1. */

#define DEDUP_BANDS 12
#define DEDUP_BAND_KEY 5
#define DEDUP_MIN_WORDS 25

/* A band entry's value: the item's seq (big-endian, so that a band's
 * entries are in seq order), then a fingerprint of DEDUP_FP_BINS more bins
 * of its signature, one byte each. A candidate whose fingerprint shares
 * fewer than DEDUP_FP_MATCH bytes with the new text's is not looked at: at
 * J = 0.25, the least J dedup_is_near accepts, that passes a true copy
 * with probability 0.9988; an unrelated text (J ~ 0) passes with ~0.008,
 * so most candidates a common shingle brings cost two 16-byte compares
 * instead of reading their signature. */
#define DEDUP_FP_BINS 32
#define DEDUP_FP_MATCH 2
#define DEDUP_BAND_VALUE (8 + DEDUP_FP_BINS)

/* The dedup key of an item: its canonical URL; else its guid, within its
 * feed when the guid is a short token ("1"); else its title and date
 * within its feed. New string. */
char *dedup_key(const struct nw_item *it, const char *feed_url);

/* The key an item without a link and with a feed's own guid had before
 * guids were scoped by feed ("guid:1"), or NULL for other items. New
 * string. */
char *dedup_legacy_key(const struct nw_item *it, const char *feed_url);

/* The dedup key of a feed item whose link is shared by other stories of
 * its feed (a home page, a live page, one page with an anchor per item):
 * its guid, else its title and date, within that feed. New string. */
char *dedup_shared_key(const struct nw_item *it, const char *feed_url);

/* The hash a feed's record keeps of an entry's guid (record_listing). */
uint64_t dedup_guid_hash(const char *guid);
/* ... and of an entry's title and date (record_feed.titled): 0 when it
 * lacks either. */
uint64_t dedup_title_hash(const char *title, const char *published);

/* 128-bit id of a key. */
void dedup_id(const char *key, unsigned char id[16]);

/* Hash of what makes a new revision when it changes: title and text. */
uint64_t dedup_content_hash(const struct nw_item *it);

/* Signature of a text. Returns 0, or -1 (sig unset) when the text has
 * fewer than DEDUP_MIN_WORDS words: too short to compare. */
int dedup_signature(const char *text, struct record_sig *sig);

/* Memory dedup_signature_in keeps from one text to the next (the store
 * writer's, for each item it commits): the text mapped, and the set its
 * distinct shingles are counted in, whose slots are stamped with the text
 * they were taken for rather than cleared for the next. Zeroed to start;
 * dedup_scratch_free at the end. */
struct dedup_scratch {
    uint32_t *key, *stamp;
    size_t cap;     /* slots */
    uint32_t epoch; /* the stamp of the text being read */
    unsigned char *mapped;
    uint64_t *bits;
    size_t text_cap; /* bytes mapped[] holds */
};
int dedup_signature_in(const char *text, struct record_sig *sig, struct dedup_scratch *scratch);
void dedup_scratch_free(struct dedup_scratch *scratch);

/* Estimated Jaccard similarity of the two shingle sets (0..1), and the
 * estimated share of the smaller set found in the larger (*containment). */
double dedup_similarity(const struct record_sig *a, const struct record_sig *b, double *containment);

/* The decision: whether b is a copy of a (or a of b). Near when J >= 0.5,
 * or when one text is mostly inside the other (containment >= 0.75) and
 * J >= 0.25 (a trimmed or extended copy). */
bool dedup_is_near(const struct record_sig *a, const struct record_sig *b, double *score);

/* The index keys of a signature: band number then the bin's value. */
void dedup_band_keys(const struct record_sig *s, unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY]);

/* The band entries' value of item `seq` with signature `s`. */
void dedup_band_value(uint64_t seq, const struct record_sig *s, unsigned char out[DEDUP_BAND_VALUE]);

/* Whether the items of band values a and b may be near each other (their
 * fingerprints share at least DEDUP_FP_MATCH bytes). */
bool dedup_band_may_match(const unsigned char *a, const unsigned char *b);

#endif
