#include "record.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../common/mem.h"

enum { FORMAT_JSON = 0, FORMAT_ZLIB = 1 };
#define COMPRESS_ABOVE 256
#define MAX_UNPACKED (64u << 20)

void *record_pack(const json_t *obj, size_t *len)
{
    char *js = json_dumps(obj, JSON_COMPACT);
    size_t jl = strlen(js);
    unsigned char *out;
    if (jl > COMPRESS_ABOVE) {
        uLongf cl = compressBound((uLong)jl);
        out = nw_malloc(6 + cl);
        out[0] = RECORD_VERSION;
        out[1] = FORMAT_ZLIB;
        out[2] = (unsigned char)(jl >> 24);
        out[3] = (unsigned char)(jl >> 16);
        out[4] = (unsigned char)(jl >> 8);
        out[5] = (unsigned char)jl;
        if (compress2(out + 6, &cl, (const Bytef *)js, (uLong)jl, 6) == Z_OK) {
            *len = 6 + cl;
            free(js);
            return out;
        }
        free(out);
    }
    out = nw_malloc(2 + jl);
    out[0] = RECORD_VERSION;
    out[1] = FORMAT_JSON;
    memcpy(out + 2, js, jl);
    *len = 2 + jl;
    free(js);
    return out;
}

json_t *record_unpack(const void *data, size_t len)
{
    const unsigned char *p = data;
    json_error_t jerr;
    if (len < 2 || p[0] != RECORD_VERSION)
        return NULL;
    if (p[1] == FORMAT_JSON)
        return json_loadb((const char *)p + 2, len - 2, 0, &jerr);
    if (p[1] != FORMAT_ZLIB || len < 6)
        return NULL;
    uLongf jl = ((uLongf)p[2] << 24) | ((uLongf)p[3] << 16) | ((uLongf)p[4] << 8) | p[5];
    if (jl > MAX_UNPACKED)
        return NULL;
    char *js = nw_malloc(jl + 1);
    uLongf got = jl;
    json_t *o = NULL;
    if (uncompress((Bytef *)js, &got, p + 6, (uLong)(len - 6)) == Z_OK && got == jl)
        o = json_loadb(js, jl, 0, &jerr);
    free(js);
    return o;
}

static void put64(unsigned char *o, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        o[i] = (unsigned char)v;
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

void record_id_pack(const struct record_id *r, unsigned char out[RECORD_ID_SIZE])
{
    out[0] = RECORD_VERSION;
    put64(out + 1, r->seq);
    put64(out + 9, r->content_hash);
    out[17] = (unsigned char)(r->rev >> 24);
    out[18] = (unsigned char)(r->rev >> 16);
    out[19] = (unsigned char)(r->rev >> 8);
    out[20] = (unsigned char)r->rev;
}

int record_id_unpack(const void *data, size_t len, struct record_id *r)
{
    const unsigned char *p = data;
    if (len != RECORD_ID_SIZE || p[0] != RECORD_VERSION)
        return -1;
    r->seq = get64(p + 1);
    r->content_hash = get64(p + 9);
    r->rev = ((uint32_t)p[17] << 24) | ((uint32_t)p[18] << 16) | ((uint32_t)p[19] << 8) | p[20];
    return 0;
}

void record_u64_key(uint64_t v, unsigned char out[8]) { put64(out, v); }

uint64_t record_u64_from_key(const void *data, size_t len)
{
    return len == 8 ? get64(data) : 0;
}

json_t *record_get(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen)
{
    MDB_val k = {klen, (void *)key}, v;
    if (mdb_get(txn, dbi, &k, &v) != 0)
        return NULL;
    return record_unpack(v.mv_data, v.mv_size);
}

int record_put(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen, const json_t *obj)
{
    size_t len;
    void *data = record_pack(obj, &len);
    MDB_val k = {klen, (void *)key}, v = {len, data};
    int rc = mdb_put(txn, dbi, &k, &v, 0);
    free(data);
    return rc == 0 ? 0 : -1;
}

int record_del(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen)
{
    MDB_val k = {klen, (void *)key};
    return mdb_del(txn, dbi, &k, NULL) == 0 ? 0 : -1;
}
