#ifndef NW_NOUN_H
#define NW_NOUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* Field tables: every noun that crosses a boundary (a stage message, a
 * stored record) is a C struct described by one table of rows {name, type,
 * offset}. This module turns such a struct into bytes and back in two
 * encodings, driven only by the table:
 *   JSON text  the wire form of messages (common/msg.c) and tail's output;
 *   binary     the stored form of records (store/record.c): the rows in
 *              table order, integers as varints, strings length-prefixed.
 * Only msg.c and record.c declare tables and call the codecs, so each
 * layout is written once. Tables only grow at the end: a binary value
 * written with fewer rows decodes with the later fields left empty, and a
 * JSON object with unknown names decodes with those names ignored. */

enum nw_ftype {
    NW_F_STR,   /* char *, NULL = absent (null in JSON) */
    NW_F_I64,   /* int64_t */
    NW_F_U64,   /* uint64_t */
    NW_F_REF,   /* uint64_t, 0 = none (null in JSON): a seq or id that may be missing */
    NW_F_BOOL,  /* bool */
    NW_F_KIND,  /* int, written as its name from the row's `names` (index 0 = none) */
    NW_F_TIME,  /* int64_t seconds since the epoch, 0 = none; RFC 3339 in JSON */
    NW_F_ID,    /* unsigned char[16]; 32 hex digits in JSON, all zero = none */
    NW_F_STRV,  /* struct nw_strv */
    NW_F_U64V,  /* struct nw_u64v */
    NW_F_NOUN,  /* a nested struct described by `sub`, stored inline */
    NW_F_NOUNV, /* struct nw_vec of structs described by `sub` */
};

struct nw_strv {
    char **v;
    size_t n;
};

struct nw_u64v {
    uint64_t *v;
    size_t n;
};

struct nw_vec {
    void *v; /* n structs of sub->size bytes */
    size_t n;
};

struct nw_noun;

struct nw_field {
    const char *name;
    enum nw_ftype type;
    size_t off;
    const struct nw_noun *sub;   /* NW_F_NOUN, NW_F_NOUNV */
    const char *const *names;    /* NW_F_KIND: names by value, NULL-terminated */
};

struct nw_noun {
    const char *name; /* for error messages */
    size_t size;      /* sizeof the struct */
    const struct nw_field *fields;
    size_t nfields;
};

#define NW_NOUN(structname, label, table)                                                                     \
    {                                                                                                           \
        label, sizeof(struct structname), table, sizeof table / sizeof *table                                   \
    }

/* JSON writing options. */
enum {
    NW_JSON_NULLS = 1, /* write every field, absent ones as null (tail); else absent ones are left out */
};

/* Appends the JSON object of `obj` (fields in table order) to out. */
void nw_noun_to_json(const struct nw_noun *n, const void *obj, struct nw_buf *out, int flags);

/* Fills `obj` (zeroed first) from JSON text. Unknown names are ignored; a
 * value of the wrong type, bad UTF-8, a nesting deeper than the tables, or
 * text that is not one JSON object is an error: returns -1 with err set and
 * obj cleaned up. Returns 0 on success. */
int nw_noun_from_json(const struct nw_noun *n, void *obj, const char *text, size_t len, struct nw_err *err);

/* Appends the binary form of `obj` to out. */
void nw_noun_pack(const struct nw_noun *n, const void *obj, struct nw_buf *out);

/* Fills `obj` (zeroed first) from the binary form. Returns 0, or -1 when
 * the bytes are truncated or malformed (obj cleaned up). */
int nw_noun_unpack(const struct nw_noun *n, void *obj, const void *data, size_t len);
/* The same, stepping over the top-level string field at offset skip_off
 * (left NULL): a large field a caller does not need is not copied. */
int nw_noun_unpack_skip(const struct nw_noun *n, void *obj, const void *data, size_t len, size_t skip_off);

/* Frees what `obj` owns and zeroes it (the struct itself is the caller's). */
void nw_noun_cleanup(const struct nw_noun *n, void *obj);

/* Deep copy of src into dst (dst's old contents are not freed). */
void nw_noun_copy(const struct nw_noun *n, void *dst, const void *src);

/* Helpers for the vector types. */
void nw_strv_push(struct nw_strv *v, const char *s);
bool nw_strv_has(const struct nw_strv *v, const char *s);
/* Whether two vectors hold the same strings in the same order. */
bool nw_strv_same(const struct nw_strv *a, const struct nw_strv *b);
/* Frees the strings and the array; v is empty after. */
void nw_strv_clear(struct nw_strv *v);
void nw_u64v_push(struct nw_u64v *v, uint64_t x);
/* Appends a zeroed element to a vector of `size`-byte structs; returns it. */
void *nw_vec_push(struct nw_vec *v, size_t size);

/* Replaces *dst by a copy of s (or NULL). */
void nw_str_set(char **dst, const char *s);

/* Whether two strings, either maybe NULL, are the same. */
bool nw_str_same(const char *a, const char *b);

/* Varints, exposed for record keys. */
void nw_put_varint(struct nw_buf *b, uint64_t v);

#endif
