#ifndef NW_BANDMEM_H
#define NW_BANDMEM_H

#include <lmdb.h>
#include <stddef.h>
#include <stdint.h>

#include "dedup.h"
#include "store.h"

/* The near-duplicate index's newest band entries, held in memory by the
 * writer (store/dedup.h has what a band entry is).
 *
 * The band entries of the items up to meta "bands_through" are in LMDB's
 * `bands`; those of the items after it are here, and are made again from
 * their signatures (`sigs`) when the writer opens the store, so that
 * nothing here needs to be durable. Once [store] band_memory is held,
 * they are merged into `bands` in key order, a chunk in each write
 * transaction (at least twice the entries that transaction adds, so that
 * what is held stays under about twice the limit whatever comes in), and
 * meta "bands_through" advances with the last chunk.
 *
 * Why: LMDB's B-tree is copy-on-write, and a transaction writes a whole
 * page for every leaf it touches. An item's 12 entries go to random places
 * of an index that grows with the store, so once the index outgrows a
 * transaction every entry written one by one costs a page (at 300,000
 * items, four fifths of the store's writes). Merged in key order, many
 * entries share each page written.
 *
 * What is held here follows the writer's transaction: entries added or
 * merged in a transaction that is aborted are taken back (bandmem_undo),
 * those of one that commits kept (bandmem_keep). */

/* What an entry costs: itself and its share of the table of keys. */
#define BANDMEM_ENTRY_BYTES 68
/* Entries held at most before a merge starts, as [store] band_memory's
 * default (16MiB) gives: about 20,000 items. */
#define BANDMEM_MAX (((size_t)16 << 20) / BANDMEM_ENTRY_BYTES)
#define BANDMEM_CHUNK 16384 /* entries merged in one transaction, or twice what it added */

struct bandmem;

/* The entries of the items after meta "bands_through", from their
 * signatures, read in `txn`; a merge starts at `max` entries. NULL with
 * *rc set on a storage error. */
struct bandmem *bandmem_open(struct store *s, MDB_txn *txn, size_t max, int *rc);
void bandmem_free(struct bandmem *m);

/* Adds an item's entries (keys as dedup_band_keys, value as
 * dedup_band_value), its seq above every one held. */
void bandmem_add(struct bandmem *m, const unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY],
                 const unsigned char value[DEDUP_BAND_VALUE]);

/* The values held under a band key, newest first: bandmem_first gives a
 * handle (0: none), bandmem_next the one after, bandmem_value its value
 * (DEDUP_BAND_VALUE bytes). */
uint32_t bandmem_first(const struct bandmem *m, const unsigned char key[DEDUP_BAND_KEY]);
uint32_t bandmem_next(const struct bandmem *m, uint32_t h);
const unsigned char *bandmem_value(const struct bandmem *m, uint32_t h);

/* The least seq held (UINT64_MAX when none): entries of LMDB's `bands` at
 * or above it are held here too (a merge under way, or after a crash in
 * one), and are to be skipped there. */
uint64_t bandmem_low_seq(const struct bandmem *m);

/* Entries held. */
size_t bandmem_count(const struct bandmem *m);

/* In the writer's transaction, just before it commits: starts a merge
 * when the most entries are held, and writes its next chunk. Entries of
 * items whose signature is gone (pruned) are left out. Returns 0 or an
 * LMDB error (the transaction is then not to be committed). */
int bandmem_step(struct bandmem *m, MDB_txn *txn);

/* The writer's transaction committed, or was aborted. */
void bandmem_keep(struct bandmem *m);
void bandmem_undo(struct bandmem *m);

#endif
