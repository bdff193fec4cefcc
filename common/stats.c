#include "stats.h"

#include <stddef.h>

struct nw_stats nw_stats;

static const double commit_bounds_s[NW_COMMIT_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                          0.025,  0.05,  0.1,    0.25,  1.0};

void nw_stats_commit(uint64_t us)
{
    for (int i = 0; i < NW_COMMIT_BUCKETS; i++)
        if ((double)us / 1e6 <= commit_bounds_s[i]) {
            atomic_fetch_add(&nw_stats.commit_le[i], 1);
            break;
        }
    atomic_fetch_add(&nw_stats.commits, 1);
    atomic_fetch_add(&nw_stats.commit_us_sum, us);
}

enum kind { COUNTER, GAUGE };

/* One row per metric: its name, type, help and where it lives; a label
 * (outcome="ok") joins rows into one family. */
struct metric {
    const char *name, *label, *help;
    enum kind kind;
    size_t off; /* of a 64-bit atomic in struct nw_stats */
};

#define M(name, label, kind, field, help) {name, label, help, kind, offsetof(struct nw_stats, field)}
static const struct metric metrics[] = {
    M("newswire_fetches_total", "outcome=\"ok\"", COUNTER, fetch_ok, "Fetches by outcome."),
    M("newswire_fetches_total", "outcome=\"not_modified\"", COUNTER, fetch_not_modified, NULL),
    M("newswire_fetches_total", "outcome=\"unchanged\"", COUNTER, fetch_unchanged, NULL),
    M("newswire_fetches_total", "outcome=\"http_error\"", COUNTER, fetch_http_error, NULL),
    M("newswire_fetches_total", "outcome=\"failed\"", COUNTER, fetch_failed, NULL),
    M("newswire_fetches_total", "outcome=\"refused\"", COUNTER, fetch_refused, NULL),
    M("newswire_fetch_bytes_total", NULL, COUNTER, fetch_bytes, "Response body bytes received."),
    M("newswire_fetches_truncated_total", NULL, COUNTER, fetch_truncated,
      "Feed and page bodies cut at fetcher.max_body (read as far as they came)."),
    M("newswire_fetch_redirects_total", "kind=\"http\"", COUNTER, fetch_redirects,
      "Redirects the fetcher followed, by kind: a 3xx answer, a page's refresh."),
    M("newswire_fetch_redirects_total", "kind=\"refresh\"", COUNTER, fetch_refreshes, NULL),
    M("newswire_fetches_in_flight", NULL, GAUGE, fetch_in_flight, "Transfers held by the fetcher."),
    M("newswire_parsed_documents_total", NULL, COUNTER, parse_docs, "Documents parsed."),
    M("newswire_parse_failures_total", "kind=\"feed\"", COUNTER, parse_feed_failures,
      "Documents that did not parse, by kind."),
    M("newswire_parse_failures_total", "kind=\"page\"", COUNTER, parse_page_failures, NULL),
    M("newswire_pages_in_place_total", "kind=\"bot_check\"", COUNTER, parse_bot_checks,
      "Pages served in place of the article (page failures too): a bot-protection service's check, a consent "
      "form."),
    M("newswire_pages_in_place_total", "kind=\"consent_form\"", COUNTER, parse_consent_forms, NULL),
    M("newswire_parsed_items_total", "facts=\"cached\"", COUNTER, parse_items_cached,
      "Feed items parsed, by whether their word count, language, names and agencies came from the item cache, "
      "were worked out, or were not needed (known: the store took the entry from the feed's last body, and its "
      "text is left out)."),
    M("newswire_parsed_items_total", "facts=\"worked_out\"", COUNTER, parse_items_worked, NULL),
    M("newswire_parsed_items_total", "facts=\"known\"", COUNTER, parse_items_known, NULL),
    M("newswire_items_total", "change=\"new\"", COUNTER, items_new, "Items committed, by change."),
    M("newswire_items_total", "change=\"revised\"", COUNTER, items_revised, NULL),
    M("newswire_items_total", "change=\"unchanged\"", COUNTER, items_unchanged, NULL),
    M("newswire_items_duplicate_total", NULL, COUNTER, items_dup, "New items joining a near-duplicate cluster."),
    M("newswire_clusters_total", NULL, COUNTER, clusters, "New items starting a cluster of their own (stories)."),
    M("newswire_lease_reissues_total", NULL, COUNTER, lease_reissues,
      "Jobs issued again because their holder went quiet."),
    M("newswire_jobs_pending", NULL, GAUGE, jobs_pending, "Jobs waiting in the store (queue depth)."),
    M("newswire_near_index_held", NULL, GAUGE, near_held,
      "Near-duplicate index entries of the newest items held in the store's memory (12 an item; merged into "
      "the store at [store] band_memory)."),
    M("newswire_feeds", "health=\"configured\"", GAUGE, feeds_configured, "Feeds by health."),
    M("newswire_feeds", "health=\"failing\"", GAUGE, feeds_failing, NULL),
};

static unsigned long long load(size_t off)
{
    return atomic_load((atomic_ullong *)((char *)&nw_stats + off));
}

void nw_stats_render(struct nw_buf *out)
{
    const char *family = NULL;
    for (size_t i = 0; i < sizeof metrics / sizeof *metrics; i++) {
        const struct metric *m = &metrics[i];
        if (!family || m->help) {
            family = m->name;
            nw_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", m->name, m->help ? m->help : "", m->name,
                          m->kind == COUNTER ? "counter" : "gauge");
        }
        unsigned long long v = load(m->off);
        if (m->kind == GAUGE)
            nw_buf_printf(out, "%s%s%s%s %lld\n", m->name, m->label ? "{" : "", m->label ? m->label : "",
                          m->label ? "}" : "", (long long)v);
        else
            nw_buf_printf(out, "%s%s%s%s %llu\n", m->name, m->label ? "{" : "", m->label ? m->label : "",
                          m->label ? "}" : "", v);
    }
    nw_buf_puts(out, "# HELP newswire_commit_seconds Store write transactions, by duration.\n"
                     "# TYPE newswire_commit_seconds histogram\n");
    unsigned long long cum = 0;
    for (int i = 0; i < NW_COMMIT_BUCKETS; i++) {
        cum += atomic_load(&nw_stats.commit_le[i]);
        nw_buf_printf(out, "newswire_commit_seconds_bucket{le=\"%g\"} %llu\n", commit_bounds_s[i], cum);
    }
    unsigned long long n = atomic_load(&nw_stats.commits);
    nw_buf_printf(out, "newswire_commit_seconds_bucket{le=\"+Inf\"} %llu\n", n);
    nw_buf_printf(out, "newswire_commit_seconds_sum %.6f\nnewswire_commit_seconds_count %llu\n",
                  (double)atomic_load(&nw_stats.commit_us_sum) / 1e6, n);
}
