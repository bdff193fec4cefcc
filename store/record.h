#ifndef NW_RECORD_H
#define NW_RECORD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* The only code that packs and unpacks stored bytes. Every value starts
 * with a version byte; JSON values are stored as
 *   [version][format] payload
 * with format 0 = plain JSON, 1 = zlib-compressed JSON (used above a few
 * hundred bytes, which keeps item records off LMDB overflow pages). */

#define RECORD_VERSION 1

/* Packs a JSON object. Returns a new buffer (caller frees) and its size. */
void *record_pack(const json_t *obj, size_t *len);

/* Unpacks a value written by record_pack. Returns a new object, or NULL
 * when the bytes are not a record of a known version. */
json_t *record_unpack(const void *data, size_t len);

/* A JSON record read from / written to an LMDB database inside the
 * caller's transaction. get returns a new object, or NULL when the key is
 * absent or the value unreadable; put and del return 0 or -1. */
#include <lmdb.h>
json_t *record_get(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen);
int record_put(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen, const json_t *obj);
int record_del(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen);

/* An `ids` entry: the latest seq of an item (0 while it waits for its
 * article) and the hash of its content. */
struct record_id {
    uint64_t seq;
    uint64_t content_hash;
    uint32_t rev;
};

#define RECORD_ID_SIZE 21
void record_id_pack(const struct record_id *r, unsigned char out[RECORD_ID_SIZE]);
int record_id_unpack(const void *data, size_t len, struct record_id *r);

/* Big-endian u64 keys, so that LMDB's byte order is numeric order. */
void record_u64_key(uint64_t v, unsigned char out[8]);
uint64_t record_u64_from_key(const void *data, size_t len);

#endif
