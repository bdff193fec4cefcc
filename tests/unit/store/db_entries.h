/* For the store's unit tests: how many entries one of its tables holds,
 * read in a transaction of its own. */
#ifndef NW_TEST_DB_ENTRIES_H
#define NW_TEST_DB_ENTRIES_H

#include "../../../store/store.h"

static inline size_t db_entries(struct store *s, MDB_dbi dbi)
{
    MDB_txn *rt;
    MDB_stat st;
    assert_int_equal(store_read_begin(s, &rt), 0);
    assert_int_equal(mdb_stat(rt, dbi, &st), 0);
    mdb_txn_abort(rt);
    return st.ms_entries;
}

#endif
