#ifndef NW_DEDUP_H
#define NW_DEDUP_H

#include <jansson.h>
#include <stdint.h>

/* The dedup key of an item (DESIGN §3): its canonical URL when it has an
 * http(s) URL, else its GUID, else its feed and title. New string. */
char *dedup_key(const json_t *item, const char *feed_url);

/* 128-bit id of a key, as 16 bytes and as 32 lower-case hex digits. */
void dedup_id(const char *key, unsigned char id[16], char hex[33]);

/* Hash of the parts of an item that make a new revision when they change:
 * title, and content or summary. */
uint64_t dedup_content_hash(const json_t *item);

/* 64-bit SimHash of a text's word 3-shingles; 0 for texts too short to
 * compare (under 20 words). */
uint64_t dedup_simhash(const char *text);

/* Bits that differ between two SimHashes. */
int dedup_distance(uint64_t a, uint64_t b);

#endif
