/* The item policy: identity, revisions, article completion, clusters, feed
 * state. Every function runs inside the writer's transaction. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../common/nwtime.h"
#include "../common/url.h"
#include "dedup.h"
#include "bandmem.h"
#include "writer.h"

#define NEAR_CANDIDATES_PER_BAND 16
#define NEAR_MAX_CANDIDATES (DEDUP_BANDS * NEAR_CANDIDATES_PER_BAND)
/* How like a stored story's an entry's text at another address of its
 * site must be to be that story (estimated Jaccard similarity of their
 * word 3-shingles) */
#define SITE_COPY_J 0.9

/* Two failure messages that differ only in numbers ("after 3 ms" and
 * "after 4 ms" from libcurl) are the same failure, for the log. */
static bool same_error(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (isdigit((unsigned char)*a))
                a++;
            while (isdigit((unsigned char)*b))
                b++;
            continue;
        }
        if (*a++ != *b++)
            return false;
    }
    return *a == *b;
}

static void keep_rc(struct writer *w, int rc)
{
    if (rc && !w->rc)
        w->rc = rc;
}

/* Takes the item of band value v as a candidate copy of a text of band
 * value mine when their fingerprints may match, once. */
static void add_candidate(const unsigned char *mine, const unsigned char *v, uint64_t *cand, size_t *nc)
{
    if (!dedup_band_may_match(mine, v))
        return;
    uint64_t c = record_u64_from_key(v, 8);
    for (size_t i = 0; i < *nc; i++)
        if (cand[i] == c)
            return;
    if (*nc < NEAR_MAX_CANDIDATES)
        cand[(*nc)++] = c;
}

/* A text's near copies among the stored items, found before its item is
 * numbered (near_find), then the item's place among them (near_keep). */
#define NEAR_COPIES 8
struct near {
    bool signed_; /* the text is long enough to compare */
    struct record_sig sig;
    unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY];
    uint64_t best_seq, best_cluster;
    uint64_t copies[NEAR_COPIES]; /* the first near copies found */
    double scores[NEAR_COPIES];   /* and their estimated Jaccard similarity */
    size_t ncopies;
};

static void near_find(struct writer *w, const char *text, struct near *n)
{
    n->signed_ = false;
    n->best_seq = n->best_cluster = 0;
    n->ncopies = 0;
    if (dedup_signature_in(text, &n->sig, &w->sig_scratch) < 0)
        return;
    n->signed_ = true;
    dedup_band_keys(&n->sig, n->keys);
    MDB_cursor *cur;
    if (mdb_cursor_open(w->txn, w->s->bands, &cur) != 0)
        return;
    unsigned char bval[DEDUP_BAND_VALUE];
    dedup_band_value(0, &n->sig, bval); /* (its fingerprint: the seq is not compared) */
    uint64_t cand[NEAR_MAX_CANDIDATES];
    size_t nc = 0;
    /* each band's newest entries: those held in memory (the newest
     * items), then LMDB's, newest first (a band's values are in seq
     * order), less those held in memory too (a merge under way) */
    uint64_t low = bandmem_low_seq(w->bands);
    for (int b = 0; b < DEDUP_BANDS; b++) {
        int seen = 0;
        for (uint32_t h = bandmem_first(w->bands, n->keys[b]); h && seen < NEAR_CANDIDATES_PER_BAND;
             h = bandmem_next(w->bands, h), seen++)
            add_candidate(bval, bandmem_value(w->bands, h), cand, &nc);
        if (seen == NEAR_CANDIDATES_PER_BAND)
            continue;
        MDB_val k = {DEDUP_BAND_KEY, n->keys[b]}, v;
        int rc = mdb_cursor_get(cur, &k, &v, MDB_SET);
        if (rc == 0)
            rc = mdb_cursor_get(cur, &k, &v, MDB_LAST_DUP);
        for (; rc == 0 && seen < NEAR_CANDIDATES_PER_BAND; rc = mdb_cursor_get(cur, &k, &v, MDB_PREV_DUP)) {
            if (v.mv_size == DEDUP_BAND_VALUE && record_u64_from_key(v.mv_data, 8) >= low)
                continue;
            seen++;
            if (v.mv_size == DEDUP_BAND_VALUE)
                add_candidate(bval, v.mv_data, cand, &nc);
        }
        if (rc && rc != MDB_NOTFOUND)
            keep_rc(w, rc);
    }
    mdb_cursor_close(cur);
    double best = -1;
    for (size_t i = 0; i < nc; i++) {
        unsigned char kb[8];
        record_u64_key(cand[i], kb);
        MDB_val k = {8, kb}, v;
        struct record_sig other;
        double score;
        if (mdb_get(w->txn, w->s->near, &k, &v) != 0 || v.mv_size < RECORD_SIG_SIZE + 8 ||
            record_sig_unpack(v.mv_data, RECORD_SIG_SIZE, &other) < 0)
            continue;
        if (!dedup_is_near(&n->sig, &other, &score))
            continue;
        if (n->ncopies < NEAR_COPIES) {
            n->copies[n->ncopies] = cand[i];
            n->scores[n->ncopies++] = score;
        }
        if (score > best || (score == best && cand[i] > n->best_seq)) {
            best = score;
            n->best_seq = cand[i];
            n->best_cluster = record_u64_from_key((const char *)v.mv_data + RECORD_SIG_SIZE, 8);
        }
    }
}

/* Guarantees: dup_of is an earlier item whose signature passes
 * dedup_is_near with the best score (the most recent on a tie); cluster is
 * dup_of's cluster, or the item's own seq when it has no copy. Texts too
 * short to compare are their own cluster and are not indexed. */
static void near_keep(struct writer *w, struct record_item *rec, const struct near *n)
{
    rec->cluster = rec->seq;
    rec->dup_of = 0;
    if (!n->signed_)
        return;
    unsigned char bval[DEDUP_BAND_VALUE];
    dedup_band_value(rec->seq, &n->sig, bval);
    bandmem_add(w->bands, n->keys, bval);
    if (n->best_seq) {
        rec->dup_of = n->best_seq;
        rec->cluster = n->best_cluster ? n->best_cluster : n->best_seq;
    }
    /* the signature, then the item's cluster, keyed by seq */
    unsigned char sv[RECORD_SIG_SIZE + 8], kb[8];
    record_sig_pack(&n->sig, sv);
    record_u64_key(rec->cluster, sv + RECORD_SIG_SIZE);
    record_u64_key(rec->seq, kb);
    MDB_val k = {8, kb}, v = {sizeof sv, sv};
    keep_rc(w, mdb_put(w->txn, w->s->near, &k, &v, MDB_APPEND));
}

/* An item a listing or a page left as it was. In a replay (w->counted)
 * the closing line counts it only if nothing of this replay counted it
 * before: its feed entry and its page, or two feeds listing it, are one
 * item. The daemon's counts (its metrics) are of listings. */
static void count_unchanged(struct writer *w, const unsigned char id[16])
{
    w->c_unchanged++;
    if (!w->counted || idset_add(w->counted, id))
        w->c_unchanged_items++;
}

/* An item stored new or revised: counted, and no later listing of it in
 * the same replay counts it as unchanged. */
static void count_stored(struct writer *w, const unsigned char id[16], bool revised)
{
    if (revised)
        w->c_revised++;
    else
        w->c_new++;
    if (w->counted)
        idset_add(w->counted, id);
}

/* Gives the record its seq, stores it and points its id at it. A revision
 * (prev given) keeps its cluster; a new item is matched against earlier
 * copies. Guarantees seq strictly increasing and fetched never earlier
 * than any committed before. */
static void commit_item(struct writer *w, struct record_item *rec, uint64_t content_hash, uint32_t rev,
                        const struct record_item *prev, const struct near *found, int64_t now_ms)
{
    uint64_t seq;
    int rc = sched_counter_next(w->s, w->txn, "next_seq", &seq);
    if (rc) {
        keep_rc(w, rc);
        return;
    }
    rec->seq = seq;
    rec->rev = rev;
    int64_t now = now_ms / 1000;
    if (now < w->last_fetched)
        now = w->last_fetched;
    rec->fetched = now;
    rec->reading_time_min = rec->word_count ? (int64_t)fmax(1.0, round((double)rec->word_count / 230.0)) : 0;
    if (prev) {
        rec->cluster = prev->cluster;
        rec->dup_of = prev->dup_of;
    } else if (found) { /* (its copies looked for already, in this transaction) */
        near_keep(w, rec, found);
    } else {
        struct near n;
        near_find(w, rec->text, &n);
        near_keep(w, rec, &n);
    }
    struct nw_buf b = {0};
    record_pack(&record_item_noun, rec, &b);
    unsigned char kb[8];
    record_u64_key(seq, kb);
    MDB_val k = {8, kb}, v = {b.len, b.data};
    keep_rc(w, mdb_put(w->txn, w->s->items, &k, &v, MDB_APPEND));
    nw_buf_cleanup(&b);
    struct record_id ri = {.seq = seq, .content_hash = content_hash, .rev = rev};
    unsigned char ib[RECORD_ID_SIZE];
    MDB_val ik = {16, rec->id}, iv = {record_id_pack(&ri, ib), ib};
    keep_rc(w, mdb_put(w->txn, w->s->ids, &ik, &iv, 0));
    if (now > w->time_indexed) {
        /* the time index: the first seq of each second */
        unsigned char tk[8];
        record_u64_key((uint64_t)now, tk);
        MDB_val tkv = {8, tk}, tv = {8, kb};
        int r = mdb_put(w->txn, w->s->times, &tkv, &tv, MDB_NOOVERWRITE);
        if (r != MDB_KEYEXIST)
            keep_rc(w, r);
        w->time_indexed = now;
    }
    w->last_fetched = now;
    w->top_seq = seq;
    w->nnew++;
    if (rec->dup_of)
        w->c_dup++;
    else if (!prev)
        w->c_clusters++; /* a new story */
    if (!prev)
        w->c_stories++;
}

static void set_str(char **dst, const char *s) { nw_str_set(dst, s); }

static void copy_strv(struct nw_strv *dst, const struct nw_strv *src)
{
    for (size_t i = 0; i < src->n; i++)
        if (!nw_strv_has(dst, src->v[i]))
            nw_strv_push(dst, src->v[i]);
}

/* Sets a record's author, its names with it, when it has none yet.
 * Returns whether it did. */
static bool fill_author(struct record_item *r, const char *author, const struct nw_strv *authors)
{
    if (r->author || !author)
        return false;
    set_str(&r->author, author);
    copy_strv(&r->authors, authors);
    return true;
}

/* The stored form of a feed item (DESIGN §5 without seq). */
static void item_record(struct record_item *r, const struct nw_item *it, const unsigned char id[16],
                        const char *feed_url, const char *source, const char *feed_lang, const char *key)
{
    memset(r, 0, sizeof *r);
    memcpy(r->id, id, 16);
    set_str(&r->feed, feed_url);
    if (feed_url)
        nw_strv_push(&r->feeds, feed_url);
    set_str(&r->source, it->site_name ? it->site_name : source);
    set_str(&r->url, nw_url_is_http(key) ? key : it->url);
    set_str(&r->guid, it->guid);
    set_str(&r->title, it->title);
    fill_author(r, it->author, &it->authors);
    set_str(&r->published, it->published);
    set_str(&r->updated, it->updated);
    set_str(&r->summary, it->summary);
    set_str(&r->text, it->text);
    r->lang = nw_lang_primary(it->lang ? it->lang : feed_lang);
    r->word_count = it->word_count;
    copy_strv(&r->categories, &it->categories);
    copy_strv(&r->agencies, &it->agencies);
    set_str(&r->access, it->access);
    for (size_t i = 0; i < it->enclosures.n; i++) {
        const struct nw_enclosure *e = (const struct nw_enclosure *)it->enclosures.v + i;
        struct nw_enclosure *d = nw_vec_push(&r->enclosures, sizeof *d);
        nw_noun_copy(&nw_enclosure_noun, d, e);
    }
}

/* Fills the fields a record lacks from another listing of the same story.
 * Returns whether anything changed. */
static bool fill_gaps(struct record_item *r, const struct nw_item *it, const char *feed_url)
{
    bool changed = false;
    if (feed_url && !nw_strv_has(&r->feeds, feed_url)) {
        nw_strv_push(&r->feeds, feed_url);
        changed = true;
    }
    struct {
        char **dst;
        const char *src;
    } gaps[] = {{&r->published, it->published}, {&r->updated, it->updated}, {&r->guid, it->guid},
                {&r->summary, it->summary},     {&r->title, it->title}};
    changed |= fill_author(r, it->author, &it->authors);
    for (size_t i = 0; i < sizeof gaps / sizeof *gaps; i++)
        if (!*gaps[i].dst && gaps[i].src) {
            set_str(gaps[i].dst, gaps[i].src);
            changed = true;
        }
    size_t nc = r->categories.n;
    copy_strv(&r->categories, &it->categories);
    return changed || nc != r->categories.n;
}

static int put_item_at(struct writer *w, MDB_dbi dbi, const void *key, size_t klen, const struct record_item *r)
{
    int rc = record_put(w->txn, dbi, key, klen, &record_item_noun, r);
    keep_rc(w, rc);
    return rc;
}

/* Whether the record an old, unscoped guid key names (its id ri) is feed
 * feed_url's: a stored or waiting item listed first by that feed. An id
 * only marked seen has no record to say so, and is not taken. */
static bool legacy_is_this_feeds(struct writer *w, const struct record_id *ri, const char *feed_url)
{
    struct record_item rec = {0};
    unsigned char kb[8];
    int rc;
    if (ri->seq == RECORD_SEQ_SEEN)
        return false;
    if (ri->seq == 0) {
        record_u64_key(ri->job, kb);
        rc = record_get(w->txn, w->s->pending, kb, 8, &record_item_noun, &rec);
    } else {
        record_u64_key(ri->seq, kb);
        rc = record_item_get_head(w->txn, w->s->items, kb, 8, &rec);
    }
    bool mine = rc == 0 && rec.feed && !strcmp(rec.feed, feed_url);
    record_item_cleanup(&rec);
    return mine;
}

/* What finds a story its feed lists under another link than before: the
 * stories the feed's last body listed (record_feed.listed, .titled), and this
 * body's entries and their keys. */
struct relisting {
    const struct nw_vec *before; /* struct record_listing, by guid */
    const struct nw_vec *titled; /* struct record_listing, by title and date */
    const struct nw_item *items;
    const unsigned char (*ids)[16]; /* the items' ids by their keys */
    size_t n;
    int moved; /* whether no entry is a story of the last body under its key: -1 not known yet */
};

static int id_order(const void *a, const void *b)
{
    return memcmp(a, b, 16);
}

/* Whether the feed moved as a whole: none of this body's entries is, by
 * its key, a story the last body listed (by guid, or by title and date). */
static bool moved_whole(struct relisting *rl)
{
    if (rl->moved < 0) {
        size_t m = 0;
        unsigned char(*before)[16] = nw_malloc((rl->before->n + rl->titled->n + 1) * 16);
        const struct nw_vec *lists[] = {rl->before, rl->titled};
        for (size_t j = 0; j < 2; j++)
            for (size_t i = 0; i < lists[j]->n; i++)
                memcpy(before[m++], ((const struct record_listing *)lists[j]->v)[i].id, 16);
        qsort(before, m, 16, id_order);
        rl->moved = 1;
        for (size_t i = 0; i < rl->n && rl->moved; i++)
            if (bsearch(rl->ids[i], before, m, 16, id_order))
                rl->moved = 0;
        free(before);
    }
    return rl->moved;
}

static const struct record_listing *listing_find(const struct nw_vec *v, uint64_t hash)
{
    const struct record_listing *l = v ? v->v : NULL;
    for (size_t i = 0; hash && v && i < v->n; i++)
        if (l[i].hash == hash)
            return &l[i];
    return NULL;
}

static bool same_str(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* Whether an entry's guid is none, or its address (keyed as `key`). */
static bool guid_is_link(const struct nw_item *it, const char *key)
{
    if (!it->guid || !*it->guid || (it->url && !strcmp(it->guid, it->url)))
        return true;
    if (!nw_url_is_http(it->guid))
        return false;
    char *g = nw_url_canonical(it->guid);
    bool same = g && !strcmp(g, key);
    free(g);
    return same;
}

/* Whether two addresses differ in their query alone. */
static bool same_but_query(const char *a, const char *b)
{
    size_t la = strcspn(a, "?"), lb = strcspn(b, "?");
    return la == lb && !memcmp(a, b, la);
}

/* Whether an entry's text is a near copy of stored item seq's (both long
 * enough to compare), at least `least` alike (estimated Jaccard). */
static bool text_near_stored(struct writer *w, const struct nw_item *it, uint64_t seq, double least)
{
    struct record_sig a, b;
    double score;
    if (!seq || !it->text || dedup_signature_in(it->text, &a, &w->sig_scratch) < 0)
        return false;
    unsigned char kb[8];
    record_u64_key(seq, kb);
    MDB_val k = {8, kb}, v;
    return mdb_get(w->txn, w->s->near, &k, &v) == 0 && v.mv_size >= RECORD_SIG_SIZE + 8 &&
           record_sig_unpack(v.mv_data, RECORD_SIG_SIZE, &b) == 0 && dedup_is_near(&a, &b, &score) &&
           score >= least;
}

/* The story an address that is not its key was found to lead to (the
 * `aliases` database): written once, never over another. */
static bool alias_get(struct writer *w, const unsigned char id[16], unsigned char story[16])
{
    MDB_val k = {16, (void *)id}, v;
    if (mdb_get(w->txn, w->s->aliases, &k, &v) != 0 || v.mv_size != 16)
        return false;
    memcpy(story, v.mv_data, 16);
    return true;
}

static void alias_put(struct writer *w, const unsigned char id[16], const unsigned char story[16])
{
    if (!memcmp(id, story, 16))
        return;
    MDB_val k = {16, (void *)id}, v = {16, (void *)story};
    int rc = mdb_put(w->txn, w->s->aliases, &k, &v, MDB_NOOVERWRITE);
    if (rc != MDB_KEYEXIST)
        keep_rc(w, rc);
}

/* The ids entry of item id. */
static bool id_get(struct writer *w, const unsigned char id[16], struct record_id *ri)
{
    MDB_val k = {16, (void *)id}, v;
    return mdb_get(w->txn, w->s->ids, &k, &v) == 0 && record_id_unpack(v.mv_data, v.mv_size, ri) == 0;
}

/* The id of the store key of an address (dedup_key's, as a feed's link
 * is keyed). */
static void url_id(const char *url, unsigned char id[16])
{
    struct nw_item probe = {.url = (char *)url};
    char *key = dedup_key(&probe, NULL);
    dedup_id(key, id);
    free(key);
}

/* The record of ids entry ri without its text: its latest, or the one
 * waiting for its article. Returns record_get's code. */
static int story_head(struct writer *w, const struct record_id *ri, struct record_item *rec)
{
    unsigned char kb[8];
    record_u64_key(ri->seq ? ri->seq : ri->job, kb);
    return ri->seq ? record_item_get_head(w->txn, w->s->items, kb, 8, rec)
                   : record_get(w->txn, w->s->pending, kb, 8, &record_item_noun, rec);
}

/* Whether an entry is the story of ids entry ri: its title, or a near copy
 * of its text (an alias says where a story was found, and a template that
 * gives every page one address is not taken at its word). */
static bool same_story(struct writer *w, const struct record_id *ri, const struct nw_item *it)
{
    struct record_item rec = {0};
    int rc = story_head(w, ri, &rec);
    bool same = rc == 0 && same_str(rec.title, it->title);
    record_item_cleanup(&rec);
    return same || (rc == 0 && text_near_stored(w, it, ri->seq, 0));
}

/* Whether the alias at id names a stored story that entry `it` is (its
 * title, or a near copy of its text). Gives the story's id and ids entry. */
static bool aliased_story(struct writer *w, const unsigned char id[16], const struct nw_item *it,
                          unsigned char story[16], struct record_id *ri)
{
    return alias_get(w, id, story) && id_get(w, story, ri) && ri->seq != RECORD_SEQ_SEEN && same_story(w, ri, it);
}

/* Whether stored item seq, a near copy of an entry's text, is the story
 * the entry at `key` tells at another address of one site: its title and
 * its date. Gives its id and ids entry. */
static bool site_copy(struct writer *w, uint64_t seq, const struct nw_item *it, const char *key, unsigned char id[16],
                      struct record_id *ri)
{
    struct record_item rec = {0};
    unsigned char kb[8];
    record_u64_key(seq, kb);
    bool same = false;
    if (record_item_get_head(w->txn, w->s->items, kb, 8, &rec) == 0 && same_str(rec.title, it->title) &&
        same_str(rec.published, it->published) && rec.url) {
        char *a = nw_url_host(rec.url), *b = nw_url_host(key);
        same = a && b && nw_host_same_site(a, b) && id_get(w, rec.id, ri) && ri->seq != RECORD_SEQ_SEEN;
        free(a);
        free(b);
        if (same)
            memcpy(id, rec.id, 16);
    }
    record_item_cleanup(&rec);
    return same;
}

/* Whether an entry the store does not know under its key is a story its
 * feed's last body listed under another link, and which. Either by its
 * guid (a headline edited, and the address made from it with it): that
 * body listed the guid, this body lists it once and the story under its
 * old link no more, and both give one publication date (a feed that
 * numbers its entries "1", "2"... gives the next story another date). Or,
 * when that body listed no entry of its guid, by its title and date, if
 * the feed moved as a whole (a site moved to https, to another host or to
 * a new scheme of addresses, and its guids, the addresses, with them: no
 * entry of this body is a story of the last under its key; an aggregator
 * that lists another outlet's copy of a story in place of the first has
 * not): that body listed a story of this title and date, this body lists
 * one entry of them and the story under its old link no more, and its
 * text is the stored story's but for a line or two (SITE_COPY_J: a feed
 * whose entries all say "Untitled", or all carry the feed's own date, or
 * are made from one template, lists other stories of one title and
 * date). Gives that story's id and ids entry, and whether its stored
 * address and `key` differ in their query alone (a token its feed writes
 * anew for each request: not a new address of the story). */
static bool relisted(struct writer *w, struct relisting *rl, const struct nw_item *it, const char *key,
                     unsigned char id[16], struct record_id *ri, bool *query_only)
{
    if (!rl || !it->published)
        return false;
    const struct record_listing *hit = NULL;
    if (it->guid && *it->guid)
        hit = listing_find(rl->before, dedup_guid_hash(it->guid));
    bool by_title = !hit;
    if (by_title)
        hit = listing_find(rl->titled, dedup_title_hash(it->title, it->published));
    if (by_title && hit && !moved_whole(rl))
        return false;
    if (!hit)
        return false;
    size_t same = 0;
    for (size_t i = 0; i < rl->n; i++) {
        const struct nw_item *o = &rl->items[i];
        if (!memcmp(rl->ids[i], hit->id, 16))
            return false; /* still listed under its old link: another story's */
        if (by_title)
            same += same_str(o->title, it->title) && same_str(o->published, it->published);
        else
            same += same_str(o->guid, it->guid);
    }
    if (same != 1 || !id_get(w, hit->id, ri) || ri->seq == RECORD_SEQ_SEEN)
        return false;
    /* (an entry that came without its text is, to the byte, the one the
     * last body gave for this story) */
    if (by_title && !it->known && dedup_content_hash(it) != ri->content_hash &&
        !text_near_stored(w, it, ri->seq, SITE_COPY_J))
        return false;
    struct record_item rec = {0};
    int rc = story_head(w, ri, &rec);
    bool same_date = rc == 0 && same_str(rec.published, it->published);
    if (same_date)
        log_debug("feed %s: the story listed as %s is listed as %s now", rec.feed ? rec.feed : "?",
                  rec.url ? rec.url : "?", it->url ? it->url : "?");
    *query_only = rc == 0 && rec.url && same_but_query(rec.url, key);
    record_item_cleanup(&rec);
    if (!same_date)
        return false;
    memcpy(id, hit->id, 16);
    return true;
}

/* Why an item whose link its feed gives other stories too holds its feed
 * text. */
#define SHARED_LINK "its link is shared by other stories of its feed: not its own page, not fetched"

/* Stores one feed item, under its dedup key (taken). Contract:
 *  - a new story is committed (or parked while its article is fetched,
 *    when the feed gives only a summary and it has an http(s) URL);
 *  - a story already stored and listed by another feed is not stored again:
 *    that feed is added to its `feeds` and fields it lacked are filled in
 *    place (no new revision);
 *  - a story re-listed by its own feed with another title or text gets a
 *    new record with rev + 1 (keeping the article text when the feed still
 *    gives only a summary); unchanged, nothing is written;
 *  - from a replay into a running daemon (`archive`, its name), a new
 *    story waits for that replay's page of it (revise_item) and is never
 *    fetched from the web: its job is held, never issued, until the
 *    replay ends or store.article_wait passes, then the item keeps its
 *    summary;
 *  - an entry that came without its summary and text (nw_item.known: the
 *    feed's last body gave it as it is, to the byte) is its stored story
 *    unchanged, and is not read; when the store has no story under its
 *    key, nothing is stored and false is returned (the feed's next body
 *    is parsed whole).
 * Returns true when the entry is the store's now (stored, parked, or
 * known before). */
static bool store_feed_item(struct writer *w, const struct nw_item *it, char *key, bool shared, const char *feed_url,
                            const char *source, const char *feed_lang, bool guard, const char *archive,
                            struct relisting *rl, const unsigned char *key_id, unsigned char taken_id[16],
                            int64_t now_ms)
{
    /* a link other stories share is not this story's page */
    struct nw_item as_listed;
    bool summary_only = shared && it->needs_article;
    if (summary_only) {
        as_listed = *it;
        as_listed.needs_article = false;
        it = &as_listed;
    }
    unsigned char id[16];
    if (key_id)
        memcpy(id, key_id, 16); /* (worked out with its listing's) */
    else
        dedup_id(key, id);
    MDB_val k = {16, id}, v;
    struct record_id ri = {0};
    bool known = mdb_get(w->txn, w->s->ids, &k, &v) == 0 && record_id_unpack(v.mv_data, v.mv_size, &ri) == 0;
    bool moved = false, aliased = false, query_only = false;
    if (!known && !shared && feed_url) {
        /* listed before under another key: with a link it shared then (the
         * stories that shared it have left the feed), or by its guid alone
         * before guids were scoped by feed (taken when that record is this
         * feed's: another feed's "1" is another story) */
        bool legacy = !nw_url_is_http(key);
        char *alt = legacy ? dedup_legacy_key(it, feed_url) : dedup_shared_key(it, feed_url);
        unsigned char aid[16];
        if (alt)
            dedup_id(alt, aid);
        MDB_val ak = {16, aid};
        struct record_id ari = {0};
        bool found =
            alt && mdb_get(w->txn, w->s->ids, &ak, &v) == 0 && record_id_unpack(v.mv_data, v.mv_size, &ari) == 0;
        if (found && legacy)
            found = legacy_is_this_feeds(w, &ari, feed_url);
        if (found) {
            known = true;
            ri = ari;
            memcpy(id, aid, 16);
            free(key);
            key = alt;
        } else {
            free(alt);
            /* listed before under another link of its own */
            moved = nw_url_is_http(key) && relisted(w, rl, it, key, aid, &ari, &query_only);
            if (moved) {
                known = true;
                ri = ari;
                if (!query_only && !strchr(key, '?'))
                    alias_put(w, id, aid); /* (another feed may list it there) */
                memcpy(id, aid, 16);
            }
        }
    }
    if (!known && !shared) {
        /* an address the story was found at: its page's own, or the link
         * its feed moved it to (another feed's link to it, a variant of
         * the first feed's: another scheme or host name, an AMP copy) */
        unsigned char aid[16];
        struct record_id ari = {0};
        if (aliased_story(w, id, it, aid, &ari)) {
            known = aliased = true;
            ri = ari;
            memcpy(id, aid, 16);
        }
    }
    struct near found;
    bool looked = false;
    if (!known && !shared && !it->needs_article && it->text && nw_url_is_http(key)) {
        /* a feed's whole text, at another address of the story's site (a
         * trailing slash, "www." or not, http or https, an AMP copy): the
         * story of its title and date there, when its text is that story's
         * but for a line or two (J >= 0.9: a site's posts made from one
         * template, one title and one date, differ by more) */
        near_find(w, it->text, &found);
        looked = true;
        unsigned char sid[16];
        struct record_id sri = {0};
        for (size_t i = 0; i < found.ncopies && !known; i++)
            if (found.scores[i] >= SITE_COPY_J && site_copy(w, found.copies[i], it, key, sid, &sri)) {
                known = aliased = true;
                ri = sri;
                if (!strchr(key, '?')) /* (a query may be a token written for each request) */
                    alias_put(w, id, sid);
                memcpy(id, sid, 16);
            }
    }
    bool taken = true;
    struct record_item prev = {0}, rec = {0};
    if (it->known) {
        /* the listing the story was taken from, to the byte: nothing to
         * add to it (its gaps were filled then), nothing to read */
        if (!known) {
            taken = false;
        } else if (ri.seq == 0) { /* waiting for its article: as below */
            w->c_unchanged++;
            if (!w->counted)
                w->c_unchanged_items++;
        } else {
            count_unchanged(w, id);
        }
        goto out;
    }
    uint64_t ch = dedup_content_hash(it);
    if (known && ri.seq == 0) {
        /* waiting for its article: another listing only adds to it */
        unsigned char pk[8];
        record_u64_key(ri.job, pk);
        if (record_get(w->txn, w->s->pending, pk, 8, &record_item_noun, &prev) == 0 && fill_gaps(&prev, it, feed_url))
            put_item_at(w, w->s->pending, pk, 8, &prev);
        /* (a replay counts it once its article completes it) */
        w->c_unchanged++;
        if (!w->counted)
            w->c_unchanged_items++;
        goto out;
    }
    if (known) {
        unsigned char kb[8];
        record_u64_key(ri.seq, kb);
        /* the record without its text first: most listings of a known
         * story change nothing, and the text is most of the record */
        if (record_item_get_head(w->txn, w->s->items, kb, 8, &prev) != 0) {
            count_unchanged(w, id); /* pruned by retention: seen, not brought back */
            goto out;
        }
        /* revisions come from the listing that made the item: its first
         * feed, or for a loose page, another loose copy of the page */
        bool own_feed = prev.feed && feed_url ? !strcmp(prev.feed, feed_url) : !prev.feed && !feed_url;
        /* (a story its own feed lists under a new link: a revision with it;
         * not for a new query alone, a token written for each request) */
        bool unchanged =
            !own_feed || (ri.content_hash == ch && !(moved && !query_only && prev.url && strcmp(prev.url, key)));
        if (unchanged && !fill_gaps(&prev, it, feed_url)) {
            count_unchanged(w, id);
            goto out;
        }
        /* a gap to fill or a revision: the whole record from here on */
        record_item_cleanup(&prev);
        if (record_get(w->txn, w->s->items, kb, 8, &record_item_noun, &prev) != 0) {
            count_unchanged(w, id);
            goto out;
        }
        if (unchanged) {
            if (fill_gaps(&prev, it, feed_url))
                put_item_at(w, w->s->items, kb, 8, &prev);
            count_unchanged(w, id);
            goto out;
        }
        item_record(&rec, it, id, feed_url, source, feed_lang, key);
        if ((aliased || query_only) && prev.url) /* (the address it has, not the variant) */
            set_str(&rec.url, prev.url);
        if (summary_only)
            set_str(&rec.fallback, SHARED_LINK);
        copy_strv(&rec.feeds, &prev.feeds);
        if (it->needs_article && prev.text) {
            /* the feed still gives a summary: keep what the article gave */
            set_str(&rec.text, prev.text);
            rec.word_count = prev.word_count;
            set_str(&rec.lang, prev.lang);
            fill_author(&rec, prev.author, &prev.authors);
            copy_strv(&rec.agencies, &prev.agencies);
            set_str(&rec.access, prev.access);
        }
        commit_item(w, &rec, ch, ri.rev + 1, &prev, NULL, now_ms);
        count_stored(w, id, true);
        goto out;
    }
    item_record(&rec, it, id, feed_url, source, feed_lang, key);
    if (summary_only)
        set_str(&rec.fallback, SHARED_LINK);
    if (it->needs_article && rec.url && nw_url_is_http(rec.url)) {
        /* park the item under its article job until the article is in */
        struct record_job j = {.kind = NW_KIND_ARTICLE, .url = rec.url, .feed = (char *)feed_url, .guard = guard,
                               .archive = (char *)archive};
        if (archive) /* held until the replay ends; a replay killed before it says so, until article_wait */
            j.deadline = now_ms + (w->conf->store.article_wait_ms ? w->conf->store.article_wait_ms : 3600000);
        memcpy(j.item, id, 16);
        uint64_t jid = 0;
        int rc = sched_job_add(w->s, w->txn, &j, &jid);
        keep_rc(w, rc);
        if (rc)
            goto out;
        unsigned char pk[8];
        record_u64_key(jid, pk);
        put_item_at(w, w->s->pending, pk, 8, &rec);
        struct record_id pr = {.seq = 0, .content_hash = ch, .rev = 0, .job = jid};
        unsigned char ib[RECORD_ID_SIZE];
        MDB_val iv = {record_id_pack(&pr, ib), ib};
        keep_rc(w, mdb_put(w->txn, w->s->ids, &k, &iv, 0));
        goto out;
    }
    commit_item(w, &rec, ch, 1, NULL, looked ? &found : NULL, now_ms);
    count_stored(w, id, false);
out:
    if (taken && taken_id)
        memcpy(taken_id, id, 16);
    record_item_cleanup(&prev);
    record_item_cleanup(&rec);
    free(key);
    return taken;
}

/* Completes the item parked under article job `job` with its article
 * (or, when `article` is NULL, with its feed summary and `fallback`
 * saying why) and commits it. A second completion of the same item finds
 * nothing parked and does nothing. */
static void complete_item(struct writer *w, uint64_t job, const unsigned char id[16], const struct nw_item *article,
                          const char *fallback, int64_t now_ms)
{
    struct record_item rec;
    unsigned char pk[8];
    record_u64_key(job, pk);
    if (record_get(w->txn, w->s->pending, pk, 8, &record_item_noun, &rec) != 0) {
        record_item_cleanup(&rec);
        return; /* already completed: a result that came twice */
    }
    if (article) {
        /* the page's text, unless it gives less than the feed did: a
         * teaser above a paywall, or a block that is not the story */
        bool has_text = article->text && *article->text && article->word_count >= rec.word_count;
        char why[160];
        if (has_text) {
            set_str(&rec.text, article->text);
            rec.word_count = article->word_count;
        } else if (article->text && *article->text) {
            snprintf(why, sizeof why, "the page gave less text than the feed (%lld words, the feed %lld)",
                     (long long)article->word_count, (long long)rec.word_count);
            set_str(&rec.fallback, why);
        } else {
            /* a page whose text its scripts write (an application's
             * shell): the feed's text stays, and the item says so */
            set_str(&rec.fallback, "the page had no article text");
        }
        /* the language of the page's text; what the markup of a page
         * without text declares does not overrule the feed text's */
        if (article->lang && (has_text || !rec.lang)) {
            free(rec.lang);
            rec.lang = nw_lang_primary(article->lang);
        }
        struct {
            char **dst;
            const char *src;
        } gaps[] = {{&rec.published, article->published}, {&rec.updated, article->updated},
                    {&rec.title, article->title}};
        fill_author(&rec, article->author, &article->authors);
        for (size_t i = 0; i < sizeof gaps / sizeof *gaps; i++)
            if (!*gaps[i].dst && gaps[i].src)
                set_str(gaps[i].dst, gaps[i].src);
        if (article->site_name)
            set_str(&rec.source, article->site_name);
        copy_strv(&rec.agencies, &article->agencies);
        set_str(&rec.access, article->access); /* a teaser above a paywall says so */
    } else {
        set_str(&rec.fallback, fallback ? fallback : "article not fetched");
    }
    uint64_t ch = 0;
    MDB_val k = {16, (void *)id}, v;
    struct record_id ri;
    if (mdb_get(w->txn, w->s->ids, &k, &v) == 0 && record_id_unpack(v.mv_data, v.mv_size, &ri) == 0)
        ch = ri.content_hash;
    commit_item(w, &rec, ch, 1, NULL, NULL, now_ms);
    count_stored(w, id, false);
    if (article && article->url && nw_url_is_http(article->url)) {
        /* the page's own address (its canonical link, or where its link
         * led), when no story is known there: another feed's link to it
         * finds this story */
        unsigned char pid[16], other[16];
        struct record_id pri;
        url_id(article->url, pid);
        if (!id_get(w, pid, &pri) && !alias_get(w, pid, other))
            alias_put(w, pid, id);
    }
    MDB_val pkv = {8, pk};
    mdb_del(w->txn, w->s->pending, &pkv, NULL);
    record_item_cleanup(&rec);
}

/* Seconds of an item's date ("2020-02-15" or RFC 3339; the offset is
 * ignored: close enough for an age limit), or 0. */
static int64_t item_time(const struct nw_item *it)
{
    const char *d = it->published ? it->published : it->updated;
    int y, mo, da, h = 0, mi = 0, se = 0;
    if (!d || sscanf(d, "%4d-%2d-%2d", &y, &mo, &da) != 3)
        return 0;
    sscanf(d + 10, "T%2d:%2d:%2d", &h, &mi, &se);
    return nw_timegm(y, mo, da, h, mi, se);
}

struct dated {
    int64_t t;
    size_t i;
};

static int newest_first(const void *a, const void *b)
{
    const struct dated *x = a, *y = b;
    if (x->t != y->t)
        return x->t > y->t ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* The backlog guard: on a feed's first fetch, which items are only
 * recorded as seen. Returns a flag per item (NULL when all are stored). */
static bool *backlog(const struct writer *w, const struct nw_result *res, int64_t now_ms)
{
    size_t n = res->items.n;
    int max = w->conf->store.first_fetch_max;
    int64_t age = w->conf->store.first_fetch_age_ms;
    if (!n || ((!max || n <= (size_t)max) && !age))
        return NULL;
    const struct nw_item *items = res->items.v;
    bool *old = nw_calloc(n, sizeof *old);
    int64_t *t = nw_malloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        t[i] = item_time(&items[i]);
        if (age && t[i] && t[i] < now_ms / 1000 - age / 1000)
            old[i] = true;
    }
    if (max && n > (size_t)max) {
        /* keep the newest: by date, undated ones first and by their place
         * (feeds list the newest first) */
        struct dated *d = nw_malloc(n * sizeof *d);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!old[i])
                d[m++] = (struct dated){.t = t[i] ? t[i] : INT64_MAX, .i = i};
        qsort(d, m, sizeof *d, newest_first);
        for (size_t k = (size_t)max; k < m; k++)
            old[d[k].i] = true;
        free(d);
    }
    free(t);
    return old;
}

/* An item of a feed's backlog: its id (of its key, taken) is recorded
 * (as seen, with no stored record) so that no later listing brings it
 * in. */
static bool mark_seen(struct writer *w, const struct nw_item *it, char *key)
{
    unsigned char id[16];
    dedup_id(key, id);
    free(key);
    MDB_val k = {16, id}, v;
    if (mdb_get(w->txn, w->s->ids, &k, &v) == 0)
        return true; /* known already */
    if (it->known)
        return false; /* (without its text: as in store_feed_item) */
    struct record_id ri = {.seq = RECORD_SEQ_SEEN, .content_hash = dedup_content_hash(it), .rev = 0};
    unsigned char ib[RECORD_ID_SIZE];
    MDB_val iv = {record_id_pack(&ri, ib), ib};
    keep_rc(w, mdb_put(w->txn, w->s->ids, &k, &iv, 0));
    count_unchanged(w, id);
    return true;
}

/* The first time from t_ms on outside the hours and days the feed asked
 * to be left alone (RSS skipHours/skipDays, in UTC); t_ms itself when
 * the mask leaves no time at all. */
static int64_t skip_forward(int64_t t_ms, uint64_t mask)
{
    int64_t t = t_ms;
    for (int i = 0; mask && i <= 24 * 7; i++) {
        time_t secs = (time_t)(t / 1000);
        struct tm tm;
        gmtime_r(&secs, &tm);
        if (!(mask >> tm.tm_hour & 1) && !(mask >> (24 + tm.tm_wday) & 1))
            return t;
        t = ((int64_t)secs / 3600 + 1) * 3600 * 1000; /* the next hour */
    }
    return t_ms;
}

/* How long the longest gap a feed has shown is remembered when no gap
 * about as long comes again: a month, then it counts half. */
#define GAP_MAX_AGE_MS (30LL * 86400 * 1000)
/* How long a feed's rhythm is learnt before a gap flagged silent is
 * taken for an outage rather than its rhythm: a week and a day. */
#define RHYTHM_LEARN_MS (8LL * 86400 * 1000)

void policy_feed_rhythm(const struct writer *w, struct record_feed *r, int64_t interval, bool active, int64_t now,
                        const char *feed_url)
{
    int64_t poll;
    if (active) {
        if (!r->rhythm_since)
            r->rhythm_since = now;
        if (r->last_new && now > r->last_new) {
            /* a gap counts at most twice the usual one in its average: a
             * night or a weekend would otherwise hold the polls of the
             * hours after it back to 4 intervals */
            int64_t sample = now - r->last_new, counted = sample < 2 * r->gap_ms ? sample : 2 * r->gap_ms;
            r->gap_ms = r->gap_ms ? (3 * r->gap_ms + counted) / 4 : sample;
            /* a gap flagged silent once the feed's week was known is no
             * rhythm of its own (an outage): not learnt */
            bool learn = !r->silent || r->last_new - r->rhythm_since < RHYTHM_LEARN_MS;
            if (learn && sample >= r->gap_max_ms - r->gap_max_ms / 4) { /* as long as the longest, or about */
                if (sample > r->gap_max_ms)
                    r->gap_max_ms = sample;
                r->gap_max_at = now;
            } else if (now - r->gap_max_at > GAP_MAX_AGE_MS) {
                r->gap_max_ms /= 2;
                if (learn && sample > r->gap_max_ms)
                    r->gap_max_ms = sample;
                r->gap_max_at = now;
            }
        }
        r->last_new = now;
        if (r->silent)
            log_info("feed publishing again: feed=%s", feed_url);
        r->silent = false;
        poll = r->gap_ms ? r->gap_ms / 2 : interval;
    } else {
        poll = r->poll_ms ? r->poll_ms + r->poll_ms / 4 : interval;
        int64_t quiet = now - r->last_new, usual = 10 * (r->gap_ms > interval ? r->gap_ms : interval);
        if (usual < 2 * r->gap_max_ms)
            usual = 2 * r->gap_max_ms;
        if (!r->silent && r->gap_ms && r->last_new && quiet > usual) {
            r->silent = true;
            log_warn("feed silent: feed=%s nothing_new_for=%llds usual_gap=%llds (still answering; has it moved?)",
                     feed_url, (long long)(quiet / 1000), (long long)(r->gap_ms / 1000));
        }
    }
    if (poll < interval || !w->conf->store.adaptive)
        poll = interval;
    if (poll > 4 * interval)
        poll = 4 * interval;
    r->poll_ms = poll;
}

/* A little randomness on a failure's wait (up to a tenth more), so that
 * feeds failing together do not come back together. */
static int64_t jitter(int64_t now, int64_t due)
{
    int64_t wait = due - now;
    return wait > 10 ? due + (int64_t)((uint64_t)random() % (uint64_t)(wait / 10)) : due;
}

struct keyed {
    const char *key, *title;
    size_t i;
};

static int by_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The dedup key of each item of a feed document (new strings, taken by
 * the store_feed_item or mark_seen of that item). A link that items of
 * other titles share (a feed that links every item to its home page, a
 * live page's updates, one page with an anchor per item) identifies none
 * of them: they are keyed by guid, or by title and date, within the feed,
 * and flagged in shared. */
static char **listing_keys(const struct nw_result *res, const char *feed_url, bool *shared)
{
    size_t n = res->items.n, m = 0;
    const struct nw_item *items = res->items.v;
    char **keys = nw_calloc(n ? n : 1, sizeof *keys);
    struct keyed *k = nw_malloc((n ? n : 1) * sizeof *k);
    for (size_t i = 0; i < n; i++) {
        keys[i] = dedup_key(&items[i], feed_url);
        if (nw_url_is_http(keys[i]))
            k[m++] = (struct keyed){keys[i], items[i].title ? items[i].title : "", i};
    }
    qsort(k, m, sizeof *k, by_key);
    for (size_t a = 0, b; a < m; a = b) {
        bool other_title = false;
        for (b = a + 1; b < m && !strcmp(k[b].key, k[a].key); b++)
            other_title |= strcmp(k[b].title, k[a].title) != 0;
        for (size_t j = a; other_title && j < b; j++)
            shared[k[j].i] = true;
    }
    free(k);
    for (size_t i = 0; i < n; i++)
        if (shared[i]) {
            free(keys[i]);
            keys[i] = dedup_shared_key(&items[i], feed_url);
        }
    return keys;
}

/* The feed's next body is parsed whole: every entry with its text. */
static void forget_known(struct record_feed *r)
{
    free(r->known.v);
    r->known = (struct nw_u64v){0};
}

/* A feed about to be fetched at another address: what it knew of the
 * last one's body does not hold there. */
static void forget_validators(struct record_feed *r)
{
    set_str(&r->etag, NULL);
    set_str(&r->last_modified, NULL);
    set_str(&r->digest, NULL);
    forget_known(r);
}

static void handle_feed_result(struct writer *w, const struct nw_result *res, uint64_t jid, struct record_job *job,
                               int64_t now)
{
    const char *feed_url = job && job->feed ? job->feed : res->url;
    if (!feed_url)
        return;
    struct sched_feed st;
    if (sched_feed_load(w->s, w->txn, feed_url, &st) < 0) {
        sched_feed_cleanup(&st);
        return;
    }
    const struct nw_feed_conf *fc = w->feedtab ? sched_feeds_find(w->feedtab, feed_url) : NULL;
    bool was_failing = st.exists && st.r.failures > 0;
    int64_t interval = fc ? fc->interval_ms : st.r.interval_ms ? st.r.interval_ms : 15 * 60 * 1000;
    if (job && st.r.job == jid)
        st.r.job = 0;
    st.r.last_attempt = now;
    /* the feed its page announced, or the address it moved to, is gone:
     * its configured address is read again, whose page may announce where
     * the feed went (a site's /rss now /feed/). At the 1st, 2nd, 4th,
     * 8th... failure in a row: a page that keeps announcing the gone feed
     * leaves it to the rules below (410, store.disable_after). The
     * failure itself is counted as any other. */
    bool rediscover = res->error && job && (res->status == 404 || res->status == 410) && st.r.fetch_url &&
                      !st.r.index_read && job->url && !strcmp(job->url, st.r.fetch_url) &&
                      strcmp(st.r.fetch_url, feed_url) && (st.r.failures & (st.r.failures + 1)) == 0;
    if (rediscover) {
        log_warn("feed %s: %s answered %lld; reading the configured address again", feed_url, st.r.fetch_url,
                 (long long)res->status);
        set_str(&st.r.fetch_url, NULL);
        set_str(&st.r.announced, NULL);
        st.r.page_next = 0;
        forget_validators(&st.r);
    }
    /* the configured address, a page, read again for the feed it announces
     * (sched.c, store.page_recheck) */
    bool page_read = job && job->url && !strcmp(job->url, feed_url) && st.r.fetch_url && st.r.page_next &&
                     !st.r.index_read && strcmp(st.r.fetch_url, feed_url);
    int64_t page_again = w->conf->store.page_recheck_ms ? now + w->conf->store.page_recheck_ms : 0;
    if (res->error && res->sitemap_index && res->discovered && !job) {
        /* replayed: its sitemaps are documents of their own */
    } else if (res->error && job && res->sitemap_index && res->discovered) {
        /* the configured address is a sitemap index (a site's sitemaps
         * by month, by section): its newest sitemap is read from now on,
         * and the index again once a day or after that sitemap failed
         * (sched.c), so that next month's is found */
        bool changed = !st.r.fetch_url || strcmp(st.r.fetch_url, res->discovered);
        if (changed) {
            log_info("feed %s: a sitemap index; reading its newest sitemap, %s", feed_url, res->discovered);
            set_str(&st.r.fetch_url, res->discovered);
            forget_validators(&st.r); /* they were the last sitemap's */
        }
        st.r.index_read = now;
        st.r.page_next = 0; /* read as an index now, not as a page */
        set_str(&st.r.announced, NULL);
        if (changed)
            st.r.next_due = now;
        else if (st.r.failures)
            st.r.next_due = jitter(now, sched_next_due(now, interval, (int)st.r.failures, res->retry_after_ms));
        else
            st.r.next_due = jitter(now, sched_next_due(now, st.r.poll_ms ? st.r.poll_ms : interval, 0, 0));
    } else if (res->error && page_read && res->discovered) {
        /* the page announces a feed: the same one (where it may have moved
         * for good since), or another one, followed from now on; then the
         * feed is fetched at once, the poll the page took */
        if (!st.r.announced || strcmp(st.r.announced, res->discovered)) {
            log_info("feed %s: its page now announces %s; fetched there from now on (was %s)", feed_url,
                     res->discovered, st.r.fetch_url);
            set_str(&st.r.fetch_url, res->discovered);
            set_str(&st.r.announced, res->discovered);
            forget_validators(&st.r);
        }
        st.r.page_next = page_again;
        st.r.next_due = now;
    } else if (res->error && page_read) {
        /* the page did not answer, or announces no feed now: the feed it
         * announced is still followed, and the page asked again after
         * another store.page_recheck; not a failure of the feed */
        log_warn("feed %s: its page, read again for the feed it announces, failed (%s); still fetching %s", feed_url,
                 res->error, st.r.fetch_url);
        st.r.page_next = page_again;
        st.r.next_due = now;
    } else if (res->error && job && res->discovered && !st.r.fetch_url) {
        /* the configured address is a web page announcing its feed: fetch
         * the feed from now on (autodiscovery), and read the page again
         * after store.page_recheck */
        log_info("feed %s: a web page; using the feed it announces, %s", feed_url, res->discovered);
        set_str(&st.r.fetch_url, res->discovered);
        set_str(&st.r.announced, res->discovered);
        st.r.page_next = page_again;
        st.r.next_due = now;
    } else if (res->error && job && res->status == 410 && !rediscover) {
        /* gone: polling it again would only load its server */
        if (st.r.last_status != 410)
            log_warn("feed %s: gone (HTTP 410); no longer polled (remove it from the configuration)", feed_url);
        st.r.failures++;
        st.r.last_status = 410;
        st.r.disabled = true;
        set_str(&st.r.last_error, "gone (HTTP 410): no longer polled");
        st.r.next_due = now + (int64_t)365 * 86400 * 1000;
    } else if (res->error && job && res->status == 404 && !rediscover && w->conf->store.disable_after_ms &&
               st.r.failing_since && st.r.failures >= 2 &&
               now - st.r.failing_since >= w->conf->store.disable_after_ms) {
        /* not found, again and again for store.disable_after: given up */
        char why[200];
        snprintf(why, sizeof why, "not found (HTTP 404) for %lld s (store.disable_after): no longer polled",
                 (long long)((now - st.r.failing_since) / 1000));
        log_warn("feed %s: %s (remove it from the configuration)", feed_url, why);
        st.r.failures++;
        st.r.last_status = 404;
        st.r.disabled = true;
        set_str(&st.r.last_error, why);
        st.r.next_due = now + (int64_t)365 * 86400 * 1000;
    } else if (res->error) {
        if (st.r.failures == 0 || !st.r.failing_since)
            st.r.failing_since = now;
        st.r.failures++;
        /* the same failure again and again is logged at the 1st, 2nd, 4th,
         * 8th... time in a row; a new error at once */
        bool same = st.r.last_error && st.r.last_status == res->status && same_error(st.r.last_error, res->error);
        int64_t n = st.r.failures;
        if (!rediscover && (!same || (n & (n - 1)) == 0))
            log_warn("feed failed: feed=%s status=%lld failures=%lld error=\"%s\"", feed_url, (long long)res->status,
                     (long long)n, res->error);
        set_str(&st.r.last_error, res->error);
        st.r.last_status = res->status;
        if (job)
            st.r.next_due = jitter(now, sched_next_due(now, interval, (int)st.r.failures, res->retry_after_ms));
    } else {
        if (st.r.failures > 0)
            log_info("feed recovered: feed=%s failures=%lld", feed_url, (long long)st.r.failures);
        const char *source = res->feed_title ? res->feed_title : st.r.title;
        char *src = source ? nw_strdup(source) : NULL;
        bool priv = job ? res->private_addr : true;
        if (!st.exists || !st.r.last_ok)
            st.r.is_private = priv;
        else if (job)
            priv = st.r.is_private; /* decided by its first successful fetch */
        /* the backlog guard: a feed's first fetch stores its newest items */
        bool *seen = job && (!st.exists || !st.r.last_ok) ? backlog(w, res, now) : NULL;
        size_t nseen = 0;
        unsigned long unchanged = w->c_unchanged;
        bool *shared = nw_calloc(res->items.n ? res->items.n : 1, sizeof *shared);
        char **keys = listing_keys(res, feed_url, shared);
        /* the entries taken from this body, by input: the next job's
         * `known` (a 304 or the same body keeps the list) */
        struct nw_u64v taken = {0};
        /* the stories it lists by a link of their own and a guid: the
         * next body's relisting (a 304 or the same body keeps them) */
        struct nw_vec listed = {nw_malloc((res->items.n ? res->items.n : 1) * sizeof(struct record_listing)), 0};
        /* and by a link of their own, a title and a date */
        struct nw_vec titled = {nw_malloc((res->items.n ? res->items.n : 1) * sizeof(struct record_listing)), 0};
        struct relisting rl = {&st.r.listed, &st.r.titled, res->items.v, NULL, res->items.n, -1};
        unsigned char(*ids)[16] = nw_malloc((res->items.n ? res->items.n : 1) * sizeof *ids);
        for (size_t i = 0; i < res->items.n; i++)
            dedup_id(keys[i], ids[i]);
        rl.ids = (const unsigned char(*)[16])ids;
        size_t nlost = 0;
        for (size_t i = 0; i < res->items.n; i++) {
            const struct nw_item *it = (const struct nw_item *)res->items.v + i;
            uint64_t input = it->input;
            bool ok;
            if (seen && seen[i]) {
                ok = mark_seen(w, it, keys[i]);
                nseen++;
            } else {
                /* the feed's `articles = no`: its text as the feed gives it */
                struct nw_item as_given;
                if (fc && fc->no_articles && it->needs_article) {
                    as_given = *it;
                    as_given.needs_article = false;
                    it = &as_given;
                }
                bool own_link = !shared[i] && nw_url_is_http(keys[i]);
                /* by title and date (below), when its guid would change with
                 * its address (it is none, or the address): a guid of its
                 * own (a WordPress "?p=123", a "tag:") stays when the site
                 * moves (asked before store_feed_item takes the key) */
                bool by_title = own_link && it->title && it->published && guid_is_link(it, keys[i]);
                unsigned char id[16];
                ok = store_feed_item(w, it, keys[i], shared[i], feed_url, src, res->feed_lang, !priv,
                                     job ? NULL : res->job.archive, &rl, ids[i], id, now);
                if (ok && own_link && it->guid && *it->guid && listed.n < RECORD_KNOWN_MAX) {
                    struct record_listing *l = (struct record_listing *)listed.v + listed.n++;
                    l->hash = dedup_guid_hash(it->guid);
                    memcpy(l->id, id, 16);
                }
                uint64_t th = dedup_title_hash(it->title, it->published);
                if (ok && by_title && th && titled.n < RECORD_KNOWN_MAX) {
                    struct record_listing *l = (struct record_listing *)titled.v + titled.n++;
                    l->hash = th;
                    memcpy(l->id, id, 16);
                }
            }
            if (!ok)
                nlost++;
            else if (input && taken.n < RECORD_KNOWN_MAX)
                nw_u64v_push(&taken, input);
        }
        free(keys);
        free(ids);
        free(shared);
        if (nseen)
            log_info("feed first fetch: feed=%s stored=%zu seen_only=%zu (older than the newest "
                     "store.first_fetch_max, or than store.first_fetch_age)",
                     feed_url, res->items.n - nseen, nseen);
        free(seen);
        if (job && st.r.index_read && job->url && !strcmp(job->url, feed_url)) {
            /* its address, read again as an index, is a feed now */
            log_info("feed %s: no longer a sitemap index; read at its own address", feed_url);
            st.r.index_read = 0;
            set_str(&st.r.fetch_url, NULL);
            forget_validators(&st.r); /* the sitemap's; the address's own follow */
        }
        if (page_read) {
            /* its address, read again as a page, is a feed now */
            log_info("feed %s: no longer a page announcing %s; read at its own address", feed_url, st.r.fetch_url);
            st.r.page_next = 0;
            set_str(&st.r.announced, NULL);
            set_str(&st.r.fetch_url, NULL);
            forget_validators(&st.r);
        }
        if (job && res->moved && (!st.r.fetch_url || strcmp(st.r.fetch_url, res->moved))) {
            /* moved permanently (301/308 only): fetched there from now on;
             * its items keep the configured URL as their feed */
            log_info("feed %s: moved permanently to %s; fetched there from now on", feed_url, res->moved);
            set_str(&st.r.fetch_url, res->moved);
        }
        /* a body not parsed again (the same as last time) is a 304 */
        bool not_modified = res->status == 304 || res->unchanged;
        if (job) { /* validators advance with the items, in this transaction */
            if (res->etag)
                set_str(&st.r.etag, res->etag);
            if (res->last_modified)
                set_str(&st.r.last_modified, res->last_modified);
            if (res->digest)
                set_str(&st.r.digest, res->digest);
            if (!not_modified) {
                forget_known(&st.r);
                st.r.known = taken;
                taken = (struct nw_u64v){0};
            }
            if (nlost) {
                /* entries that came without their text (the store had them
                 * from this feed's last body) are not the store's now: the
                 * next body is parsed whole, even the same bytes, and they
                 * come with it */
                log_info("feed %s: %zu entries came without their text and are not in the store; the next "
                         "fetch reads every entry whole",
                         feed_url, nlost);
                set_str(&st.r.digest, NULL);
                forget_known(&st.r);
            }
            bool active = !not_modified && w->c_unchanged - unchanged < res->items.n - nseen - nlost;
            policy_feed_rhythm(w, &st.r, interval, active, now, feed_url);
            st.r.next_due = skip_forward(sched_next_due(now, st.r.poll_ms, 0, res->retry_after_ms), res->skip);
        }
        free(taken.v);
        struct nw_vec *lists[][2] = {{&listed, &st.r.listed}, {&titled, &st.r.titled}};
        for (size_t i = 0; i < 2; i++) {
            struct nw_vec *made = lists[i][0], *kept = lists[i][1];
            if (!made->n) {
                free(made->v);
                made->v = NULL;
            }
            if (!not_modified) {
                free(kept->v);
                *kept = *made;
            } else {
                free(made->v);
            }
        }
        if (src)
            set_str(&st.r.title, src);
        free(src);
        st.r.failures = 0;
        st.r.failing_since = 0;
        st.r.disabled = false;
        set_str(&st.r.last_error, NULL);
        st.r.last_ok = now;
        st.r.last_status = res->status ? res->status : 200;
        if (!not_modified)
            st.r.items_seen = (int64_t)res->items.n;
    }
    if (fc && !st.r.name)
        set_str(&st.r.name, fc->name);
    if (job || st.exists || !res->error) {
        keep_rc(w, sched_feed_save(w->s, w->txn, feed_url, &st));
        w->c_failing += (st.r.failures > 0) - was_failing;
    }
    if (job && fc) {
        /* offline, or every feed broken: said once, not once per feed */
        w->feed_results++;
        w->feed_ok += !res->error;
        if (!w->all_failing_said && !w->feed_ok && w->nfeeds > 1 && w->feed_results >= w->nfeeds) {
            log_warn("the first %lu feed fetches all failed (last: %s): is the network down? "
                     "`newswire status --failing` lists them", w->feed_results, res->error ? res->error : "?");
            w->all_failing_said = true;
        }
    }
    sched_feed_cleanup(&st);
    if (job)
        keep_rc(w, sched_job_del(w->s, w->txn, jid, job));
}

/* A standalone page (replayed HTML not asked for by any feed item). */
static void store_page(struct writer *w, const struct nw_result *res, int64_t now)
{
    if (!res->items.n)
        return;
    struct nw_item it = *(const struct nw_item *)res->items.v;
    if (!it.url)
        it.url = res->url;
    if (!it.url)
        return;
    it.needs_article = false;
    store_feed_item(w, &it, dedup_key(&it, NULL), false, NULL, it.site_name, NULL, false, NULL, NULL, NULL, NULL, now);
}

/* A job that is over without an answer of its own: its host gets its
 * room back if it was out, and it is deleted. */
static void end_job(struct writer *w, uint64_t id, const struct record_job *j)
{
    if (j->leased && w->inflight)
        sched_hosts_done(w->inflight, j->url, -1);
    keep_rc(w, sched_job_del(w->s, w->txn, id, j));
}

/* An archived page extracted again (replay --reextract). Guarantees: the
 * item stored for the page's URL gets a new revision (rev + 1) when the
 * extraction gives another text, or a title where it had none; its feed
 * fields (feed, guid, published, its feeds) are kept. An unchanged
 * extraction stores nothing. A parked item is completed with it; a page
 * of no stored item is stored as a page of its own. */
static void revise_item(struct writer *w, const struct nw_result *res, int64_t now_ms)
{
    if (!res->items.n)
        return;
    const struct nw_item *a = (const struct nw_item *)res->items.v;
    const char *url = a->url ? a->url : res->url;
    if (!url || !a->text || !*a->text)
        return;
    /* the story at the page's own address, or at the address the page
     * was read from, or the one known at the page's address (an alias: the
     * item of a feed link whose page names another address), when it is
     * that story (its title, or a near copy of its text: a template that
     * gives every page one address names no story) */
    unsigned char id[16], at[16];
    struct record_id ri;
    url_id(url, at);
    memcpy(id, at, 16);
    bool found = id_get(w, id, &ri);
    if (!found && res->url && strcmp(res->url, url)) {
        url_id(res->url, id);
        found = id_get(w, id, &ri);
    }
    if (!found)
        found = aliased_story(w, at, a, id, &ri);
    if (!found) {
        store_page(w, res, now_ms);
        return;
    }
    if (ri.seq == 0) {
        /* parked: the page completes it, and its job goes (no fetch) */
        complete_item(w, ri.job, id, a, NULL, now_ms);
        struct record_job j;
        if (sched_job_get(w->s, w->txn, ri.job, &j) == 0)
            end_job(w, ri.job, &j);
        nw_noun_cleanup(&record_job_noun, &j);
        return;
    }
    unsigned char kb[8];
    record_u64_key(ri.seq, kb);
    struct record_item prev = {0}, rec = {0};
    if (record_get(w->txn, w->s->items, kb, 8, &record_item_noun, &prev) != 0) {
        count_unchanged(w, id); /* pruned by retention */
        goto out;
    }
    bool new_text = !prev.text || strcmp(prev.text, a->text);
    bool new_title = !prev.title && a->title;
    if (!new_text && !new_title) {
        count_unchanged(w, id);
        goto out;
    }
    nw_noun_copy(&record_item_noun, &rec, &prev);
    set_str(&rec.text, a->text);
    rec.word_count = a->word_count;
    if (new_title)
        set_str(&rec.title, a->title);
    if (a->lang) {
        free(rec.lang);
        rec.lang = nw_lang_primary(a->lang);
    }
    fill_author(&rec, a->author, &a->authors);
    if (a->access)
        set_str(&rec.access, a->access);
    if (a->agencies.n) {
        for (size_t i = 0; i < rec.agencies.n; i++)
            free(rec.agencies.v[i]);
        rec.agencies.n = 0;
        copy_strv(&rec.agencies, &a->agencies);
    }
    set_str(&rec.fallback, NULL);
    /* the id keeps the hash of its listing: the next poll of its feed
     * compares with what the feed said, not with the page */
    commit_item(w, &rec, ri.content_hash, ri.rev + 1, &prev, NULL, now_ms);
    count_stored(w, id, true);
out:
    record_item_cleanup(&prev);
    record_item_cleanup(&rec);
}

/* A replay into a running daemon has sent everything, or was
 * interrupted (`interrupted`): its end comes on the connection of its
 * results, after them, so the jobs it still holds (store_feed_item) are
 * of pages it did not send. They are given up, their items keeping their
 * summaries. */
static void archive_end(struct writer *w, const char *archive, bool interrupted)
{
    if (!archive || !*archive)
        return;
    MDB_cursor *cur;
    if (mdb_cursor_open(w->txn, w->s->jobs, &cur) != 0)
        return;
    /* the jobs first, then their ends: no write under an open cursor */
    uint64_t *ids = NULL;
    size_t n = 0;
    MDB_val k, v;
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_job j;
        if (k.mv_size == 8 && record_unpack(&record_job_noun, &j, v.mv_data, v.mv_size) == 0 && j.archive &&
            !strcmp(j.archive, archive)) {
            ids = nw_realloc(ids, (n + 1) * sizeof *ids);
            ids[n++] = record_u64_from_key(k.mv_data, 8);
        }
        nw_noun_cleanup(&record_job_noun, &j);
    }
    mdb_cursor_close(cur);
    const char *why = interrupted ? "the replay was interrupted before its page" : "page not in the replayed archive";
    for (size_t i = 0; i < n; i++) {
        struct record_job j;
        if (sched_job_get(w->s, w->txn, ids[i], &j) == 0)
            policy_give_up(w, ids[i], &j, why);
        nw_noun_cleanup(&record_job_noun, &j);
    }
    free(ids);
    if (n)
        log_info("replay %s %s: %zu items whose page it did not send keep their feed summary", archive,
                 interrupted ? "interrupted" : "ended", n);
}

void policy_give_up(struct writer *w, uint64_t id, struct record_job *j, const char *why)
{
    if (j->kind == NW_KIND_ARTICLE) {
        if (j->archive) /* counted in one line by archive_end */
            log_debug("article given up: url=%s reason=\"%s\" replay=%s; item stored with its feed summary",
                      j->url ? j->url : "?", why, j->archive);
        else
            log_warn("article given up: url=%s reason=\"%s\"; item stored with its feed summary",
                     j->url ? j->url : "?", why);
        complete_item(w, id, j->item, NULL, why, nw_now_ms());
    } else if (j->feed) {
        /* a feed job: free the feed for its next poll */
        struct sched_feed st;
        if (sched_feed_load(w->s, w->txn, j->feed, &st) == 0 && st.exists && st.r.job == id) {
            st.r.job = 0;
            st.r.failures++;
            set_str(&st.r.last_error, why);
            st.r.next_due = sched_next_due(nw_now_ms(), st.r.interval_ms ? st.r.interval_ms : 900000,
                                           (int)st.r.failures, 0);
            keep_rc(w, sched_feed_save(w->s, w->txn, j->feed, &st));
        }
        sched_feed_cleanup(&st);
        log_warn("feed %s: %s", j->feed, why);
    }
    end_job(w, id, j);
}

void policy_result(struct writer *w, const struct nw_result *res, int64_t now)
{
    uint64_t jid = res->job.id;
    struct record_job job;
    bool have_job = jid && sched_job_get(w->s, w->txn, jid, &job) == 0;
    bool was_leased = have_job && job.leased; /* a retry below clears job.leased */
    int64_t issued_ms = was_leased && job.issued ? job.issued : -1;
    if (jid && !have_job)
        log_debug("store: result for job %llu, which is no longer pending", (unsigned long long)jid);
    switch (res->kind) {
    case NW_KIND_ARTICLE:
        if (!have_job)
            break; /* answered already: its item is stored */
        if (res->error) {
            job.attempts++; /* a try is spent only by a failed fetch */
            const char *url = res->url ? res->url : job.url;
            /* in a replay another try reads the same record again */
            bool last = job.attempts >= w->conf->store.max_attempts || res->permanent || w->replay;
            if (!last)
                log_warn("article failed: url=%s error=\"%s\" attempt=%lld/%d; tried again in %lld s", url, res->error,
                         (long long)job.attempts, w->conf->store.max_attempts, (long long)(2 * job.attempts));
            else if (w->replay && res->permanent && !res->status && !strcmp(res->error, NW_NOT_IN_ARCHIVE))
                /* a page not in a replay's inputs: the replay counts them */
                log_debug("article not in the inputs: url=%s; item stored with its feed summary", url);
            else
                log_warn("article failed: url=%s error=\"%s\"%s; item stored with its feed summary", url, res->error,
                         res->permanent ? "" : " (its last attempt)");
            if (last) {
                char why[300];
                snprintf(why, sizeof why, "article not fetched: %s", res->error);
                complete_item(w, jid, job.item, NULL, why, now);
                keep_rc(w, sched_job_del(w->s, w->txn, jid, &job));
            } else {
                /* try again after a pause that grows with the attempts */
                keep_rc(w, sched_job_move(w->s, w->txn, jid, &job, now + 2000 * job.attempts, false));
            }
        } else {
            complete_item(w, jid, job.item, res->items.n ? (const struct nw_item *)res->items.v : NULL,
                          "the page had no article", now);
            keep_rc(w, sched_job_del(w->s, w->txn, jid, &job));
        }
        break;
    case NW_KIND_REVISE:
        if (!res->error)
            revise_item(w, res, now);
        if (have_job)
            keep_rc(w, sched_job_del(w->s, w->txn, jid, &job));
        break;
    case NW_KIND_PAGE:
        if (!res->error)
            store_page(w, res, now);
        else
            log_warn("page failed: url=%s error=\"%s\"", res->url ? res->url : "?", res->error);
        if (have_job)
            keep_rc(w, sched_job_del(w->s, w->txn, jid, &job));
        break;
    case NW_KIND_FEED:
        handle_feed_result(w, res, jid, have_job ? &job : NULL, now);
        break;
    case NW_KIND_ARCHIVE_END:
        archive_end(w, res->job.archive, res->error != NULL);
        break;
    default:
        log_warn("store: result of unknown kind %d dropped", res->kind);
    }
    if (have_job) {
        if (was_leased && w->inflight)
            sched_hosts_done(w->inflight, job.url, issued_ms > 0 ? nw_now_ms() - issued_ms : -1); /* room again */
        nw_noun_cleanup(&record_job_noun, &job);
    }
}

int policy_before_commit(struct writer *w)
{
    if (!w->c_stories)
        return 0;
    int64_t n = (int64_t)store_meta_get(w->s, w->txn, STORE_META_STORIES) + w->c_stories;
    w->c_stories = 0;
    return store_meta_put(w->s, w->txn, STORE_META_STORIES, n > 0 ? (uint64_t)n : 0);
}

int policy_prune(struct writer *w, int64_t now_ms, int max)
{
    int64_t keep = w->conf->store.keep_ms;
    uint64_t keep_items = w->conf->store.keep_items;
    if (!keep && !keep_items)
        return 0;
    MDB_stat st;
    if (mdb_stat(w->txn, w->s->items, &st) != 0)
        return 0;
    uint64_t count = st.ms_entries;
    MDB_cursor *cur;
    if (mdb_cursor_open(w->txn, w->s->items, &cur) != 0)
        return 0;
    int n = 0;
    int64_t cutoff = keep ? (now_ms - keep) / 1000 : INT64_MIN;
    MDB_val k, v;
    int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    uint64_t last_pruned_time = 0;
    while (rc == 0 && n < max) {
        bool over_count = keep_items && count > keep_items;
        struct record_item it;
        if (record_unpack(&record_item_noun, &it, v.mv_data, v.mv_size) < 0) {
            rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
            continue;
        }
        bool too_old = keep && it.fetched < cutoff;
        uint64_t seq = record_u64_from_key(k.mv_data, k.mv_size);
        int64_t fetched = it.fetched;
        MDB_val ik = {16, it.id}, iv;
        struct record_id ri;
        /* the story's newest record: the story goes with it */
        bool head = mdb_get(w->txn, w->s->ids, &ik, &iv) == 0 && record_id_unpack(iv.mv_data, iv.mv_size, &ri) == 0 &&
                    ri.seq == seq;
        record_item_cleanup(&it);
        if (!over_count && !too_old)
            break;
        w->c_stories -= head;
        unsigned char kb[8];
        record_u64_key(seq, kb);
        MDB_val sk = {8, kb}, sv;
        if (mdb_get(w->txn, w->s->near, &sk, &sv) == 0 && sv.mv_size >= RECORD_SIG_SIZE) {
            struct record_sig sig;
            if (record_sig_unpack(sv.mv_data, RECORD_SIG_SIZE, &sig) == 0) {
                unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY], bval[DEDUP_BAND_VALUE];
                dedup_band_keys(&sig, keys);
                dedup_band_value(seq, &sig, bval);
                for (int b = 0; b < DEDUP_BANDS; b++) {
                    MDB_val bk = {DEDUP_BAND_KEY, keys[b]}, bv = {DEDUP_BAND_VALUE, bval};
                    mdb_del(w->txn, w->s->bands, &bk, &bv);
                }
            }
            mdb_del(w->txn, w->s->near, &sk, NULL);
        }
        keep_rc(w, mdb_cursor_del(cur, 0));
        last_pruned_time = (uint64_t)fetched;
        count--;
        n++;
        rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    }
    mdb_cursor_close(cur);
    if (n && last_pruned_time) {
        /* time index entries of seconds wholly pruned */
        MDB_cursor *tc;
        if (mdb_cursor_open(w->txn, w->s->times, &tc) == 0) {
            for (int r = mdb_cursor_get(tc, &k, &v, MDB_FIRST); r == 0; r = mdb_cursor_get(tc, &k, &v, MDB_NEXT)) {
                if (record_u64_from_key(k.mv_data, k.mv_size) >= last_pruned_time)
                    break;
                mdb_cursor_del(tc, 0);
            }
            mdb_cursor_close(tc);
        }
    }
    return n;
}
