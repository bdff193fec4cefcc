#ifndef NW_HTML_H
#define NW_HTML_H

#include <libxml/HTMLparser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <strings.h>

#include "../common/buf.h"

/* A byte lower-cased as tolower() does in the C locale: ASCII letters only. */
static inline unsigned char html_ascii_lower(unsigned char c)
{
    return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Whether the first n bytes of s and t are the same in any case, as
 * !strncasecmp says in the C locale, without a call (n may be SIZE_MAX:
 * to the end of both). */
static inline bool html_prefix_ci(const char *s, const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char a = html_ascii_lower((unsigned char)s[i]), b = html_ascii_lower((unsigned char)t[i]);
        if (a != b)
            return false;
        if (!a)
            return true;
    }
    return true;
}

/* Whether name is `lower` in any case (as strcasecmp says in the C locale),
 * lower starting with a lower-case ASCII letter: the first letters
 * compared at once, as most names differ there (elements' and attributes'
 * names are compared so throughout the extraction). */
static inline bool html_name_eq(const char *name, const char *lower)
{
    return ((unsigned char)name[0] | 0x20) == (unsigned char)lower[0] && html_prefix_ci(name + 1, lower + 1, SIZE_MAX);
}

/* Whether s is lit, byte for byte (as !strcmp says), without a call:
 * element and attribute names are compared so throughout the extraction,
 * most differing in their first byte. */
static inline bool html_eq(const char *s, const char *lit)
{
    for (size_t i = 0;; i++) {
        if (s[i] != lit[i])
            return false;
        if (!s[i])
            return true;
    }
}

/* Whether an attribute named name (lower-case) is one libxml2 values with
 * its name when it has no value (htmlIsBooleanAttr, at less cost). */
bool html_boolean_attr(const xmlChar *name);

/* Parses an HTML document with libxml2's forgiving parser, no network.
 * `encoding` may be NULL (then the parser looks at the bytes and <meta>).
 * Returns a document the caller frees with xmlFreeDoc, or NULL. The tree
 * is libxml2's, node for node, but its names are the document's interned
 * strings (a node moved into another document must be copied) and no
 * attribute is in a table of IDs (xmlGetID finds none). */
htmlDocPtr html_parse(const char *data, size_t len, const char *url, const char *encoding);

/* html_parse, however deep the page nests (libxml2 stops reading at 256
 * levels otherwise): the caller brings the depth down with
 * html_repair_tree or html_flatten_deep before walking the tree. */
htmlDocPtr html_parse_page(const char *data, size_t len, const char *url, const char *encoding);

/* html_parse_page of a page whose start tags are known to hold fewer than
 * MAX_TAG_ATTRS attributes each (html_lifted's short_tags): none is cut,
 * and the page is not read for them. */
htmlDocPtr html_parse_page_short(const char *data, size_t len, const char *url, const char *encoding);

/* A page's own address, canonical, as its <link rel=canonical> and its
 * og:url claim it (meta_page_address with no address known); NULL when
 * it claims none.
 * What replay gives pages it reads from files. */
char *html_page_url(const char *data, size_t len);

/* A page as html_parse would read it, less what no reader of a page
 * looks at: the bodies of <script> (JSON ones aside: JSON-LD is metadata),
 * <style> and <svg> elements are left out, their tags kept. Raw text ends
 * where libxml2 ends it (the first "</script" or "</style", whatever
 * follows), an <svg> at the "</svg" that closes it, so the tree is
 * libxml2's tree less those subtrees. In doubt (an unclosed comment, quote
 * or element, a NUL byte: UTF-16 and such) the rest is copied as it is;
 * an <svg> holding more than drawing elements is kept. The body of a
 * short script that calls React's streaming runtime is kept too, and then
 * true is returned. A </body> or </html> before the end of what the page
 * shows is left out (html_drop_document_ends), and so is a start tag of a
 * table's part (a row, a cell...) outside any table: an HTML5 parser
 * reads both as nothing; a <div> an HTML5 parser closes with the element
 * around it is closed there (html_close_divs). Writes into out, empty. */
bool html_drop_raw_text(const char *data, size_t len, struct nw_buf *out);

/* The page in *page without its </body> and </html> end tags, when they
 * come before the end of what it shows (an included template's, a pasted
 * document's: text or an element but a script or a style follows): an
 * HTML5 parser reads them as nothing, and what follows stays in the
 * elements open there, where libxml2 closes them all (the rest of a
 * paragraph would come after the page's last). Comments, tags' attribute
 * values and the bodies of scripts and styles are passed over. False (the
 * page untouched) when there are none, or none but at the end.
 * html_drop_raw_text does this too. */
bool html_drop_document_ends(struct nw_buf *page);

/* The page in *page with a </div> written before each end tag (or <li>,
 * <dd>, <dt>) that closes, in an HTML5 parser, a <div> opened inside the
 * element it ends (a list's item, a heading, a section: "<li><div>a</li>"),
 * which libxml2, ranking a <div> above those, passes over: the <div> stayed
 * open and took the rest of the page into a menu's item or a heading.
 * Comments, attribute values and the bodies of scripts and styles are
 * passed over; 512 elements deep it gives up. html_drop_raw_text does
 * this too. */
void html_close_divs(struct nw_buf *page);

/* Attribute values and runs of text taken out of a page before libxml2
 * reads it, which it does one character at a time through several calls
 * (a fifth of the parse of a page of today's markup went to its class
 * lists, a tenth to its text). Each run is a run of data's bytes; the page
 * holds in its place a stand-in, a DEL (0x7F), put back in the tree by
 * html_lifted_restore in the order they come. */
enum { HTML_LIFT_VALUE, HTML_LIFT_TEXT, HTML_LIFT_BLANK_TEXT, HTML_LIFT_ATTRS };
struct html_lifted {
    const char *data;    /* the page the runs are in */
    size_t *at;          /* run k: at[2k] its offset in data, at[2k+1] its length */
    unsigned char *kind; /* run k: a value (HTML_LIFT_VALUE), a text, a text that opens with a blank,
                          * or all the attributes of a start tag (HTML_LIFT_ATTRS: at[2k] the first's
                          * index in attrs, at[2k+1] their number) */
    size_t n, cap;
    size_t *attrs; /* each attribute of HTML_LIFT_ATTRS runs as four numbers: its name's offset in
                    * data and length, its value's offset and length (SIZE_MAX: no value) */
    size_t nattrs, attrs_cap;
    bool whole_tags; /* tags' attributes may be taken out at once: the page
                      * holds no attribute `_` of its own */
    bool short_tags; /* no start tag of the page written is long enough to
                      * hold MAX_TAG_ATTRS attributes (html_parse_page_short) */
};

/* html_drop_raw_text, the values of data's kept attributes taken out into
 * *lifted where libxml2 would read them as they are written and they do not
 * steer its parse: quoted, at least HTML_LIFT_MIN bytes of printable
 * ASCII, tabs and line feeds with no '&' (no reference to decode), '<'
 * or '>', of any attribute (html_parse_page builds no table of IDs, and
 * the page written is to be parsed with its encoding named: libxml2 then
 * reads no <meta> for it), in any start tag but <html>, <head> and <body>,
 * and not from
 * an attribute named as one before it in its tag on (libxml2 drops the
 * second). A start tag (but <meta>, and one too long for html_parse_page_short)
 * whose kept attributes are all so read, each once, a value of any length,
 * or none, has them all taken out at once, in a page that holds no
 * attribute `_`: it holds one `_` without a value, their stand-in. And the
 * text
 * that follows a tag, to a '<' or '&', of characters libxml2 copies as
 * they are (no carriage return, no control character, no noncharacter);
 * text that opens with a blank, which libxml2 weighs apart (see
 * html_lifted_restore), only inside the <body> and not first in a
 * paragraph; not the first text of a <pre>, <textarea> or <listing> (an
 * HTML5 parser drops a line feed opening it; libxml2 2.9 does not).
 * None is taken out of a page that holds a DEL anywhere, as a
 * byte or a reference, so that a stand-in is never a character of the
 * page, nor of one that holds a NUL (html_parse_page leaves a page's
 * NULs out; a run taken out would keep them). data must outlive
 * *lifted; free *lifted with html_lifted_free. */
#define HTML_LIFT_MIN 4 /* (a shorter value costs more taken out and put back than read) */
bool html_drop_raw_text_lifted(const char *data, size_t len, struct nw_buf *out, struct html_lifted *lifted);

/* Puts the runs of *lifted back in a tree parsed from the page
 * html_drop_raw_text_lifted wrote, in document order: the tree is then
 * libxml2's tree of the page written by html_drop_raw_text. False when
 * libxml2 did not read every stand-in, once, as what it stands for (a
 * value's as an attribute's whole value, a text's in a text), or read a
 * text that opens with a blank as one that opens a paragraph (libxml2
 * opens one for text in the <head> or after the <html> closed, and
 * blanks there are left as they are): that tree is to be thrown away and
 * the page html_drop_raw_text writes parsed instead. */
bool html_lifted_restore(htmlDocPtr doc, const struct html_lifted *lifted);
void html_lifted_free(struct html_lifted *lifted);

/* s[0..n) appended to out with the references to characters HTML 4 does
 * not name written as numeric ones, which libxml2 reads (html_drop_raw_text
 * writes what it keeps so). */
void html_append_refs(struct nw_buf *out, const char *s, size_t n);

/* The name of a document's first element (its prolog skipped), into out;
 * "" when it has none in its first 64 KiB. */
void html_first_element(const char *d, size_t n, char out[16]);

/* Where a document's first character other than a UTF-8 byte-order mark
 * and blanks is (n when none). */
size_t html_text_start(const char *d, size_t n);

/* Where a page starts after what a server wrote before it (a PHP warning
 * in text or HTML, "Warning: include(...) failed"): at its DOCTYPE, else
 * (after text) its <html>, when something other than markup's
 * declarations or <html> comes first; 0 when the page starts as a page
 * does, or has neither in its first 64 KiB. */
size_t html_page_start(const char *d, size_t n);
/* windows-1252's character for a numeric reference to C1 control v, 0 when
 * v is none or undefined there (html.c). */
unsigned html_c1_ref_char(unsigned v);
/* The digits of a numeric character reference, p just past its "&#": an
 * 'x' or 'X' and hex digits, else decimal ones, at most max of them (end
 * bounds the reading); their value in *v. Returns the position after the
 * digits, where its ';' should be, or NULL when there are none (html.c). */
const char *html_ref_digits(const char *p, const char *end, int max, unsigned long *v);

/* React's streamed parts of a page put where its scripts put them (see
 * html.c): for a tree of a page that html_drop_raw_text said calls React's
 * streaming runtime, the calls being in the scripts it kept. */
void html_complete_streamed(htmlDocPtr doc);

/* libxml2's tree made an HTML5 parser's where it loses text (see html.c):
 * headings nested in an open heading, what follows an <embed> and the rows
 * of a <form> opened in a table, put after it. */
void html_repair_tree(htmlDocPtr doc);

/* The tree read as a reader is shown it, whichever parser built it: a
 * <div> that says by its role what HTML has an element for is that element
 * (role=heading a heading of its aria-level, 2 without one; role=list and
 * listitem a list), and a text's no-break spaces (U+00A0, U+202F, U+2007)
 * are blanks. article_from_doc does it before reading a page. */
void html_read_as_shown(htmlDocPtr doc);

/* The part of html_repair_tree that brings a deep tree down (a fragment's,
 * whose tree is otherwise left as libxml2 reads it). */
void html_flatten_deep(htmlDocPtr doc);

/* The node after n in document order within root (its first child when
 * it is an element that has one), or NULL after root's last. */
xmlNodePtr html_next_in_order(xmlNodePtr n, xmlNodePtr root);

/* n's children put in its place, in order, and n freed; returns the node
 * now after the one before n (the first child moved, or n's next). */
xmlNodePtr html_unwrap(xmlNodePtr n);

/* Child c of n and the children after it, in order, moved after n. */
void html_move_after(xmlNodePtr n, xmlNodePtr c);

/* Whether an element is one of HTML5's void elements that HTML 4, and so
 * libxml2's HTML parser, does not know: <source>, <track>, <wbr>. */
bool html_void5(const char *name);
/* Whether element n is one of those, outside <svg> and <math> (whose
 * elements are foreign, none of them void, for an HTML5 parser). */
bool html_void5_at(xmlNodePtr n);

/* Whether inner is outer or inside it. */
bool html_contains(xmlNodePtr outer, xmlNodePtr inner);

/* Appends the visible text of `n` to `out`: white space collapsed, block
 * elements separated by a blank line, script/style/template skipped. */
/* An attribute's value without copying it (NULL when absent or not a
 * plain text value). Valid while the document lives. name in lower case
 * (html_name_eq). */
const char *html_attr_view(xmlNodePtr n, const char *name);

/* Appends the text n shows, an element's or a text node's own (never its
 * following siblings'). */
void html_node_text(xmlNodePtr n, struct nw_buf *out);

/* The same, as a new string without leading or trailing blank space. */
char *html_node_text_str(xmlNodePtr n);

/* html_node_text's pieces, shared with the fragment fast path (fragment.c):
 * text appended with white space collapsed against what is there and
 * the invisible characters of html_drop_invisible left out; a
 * paragraph break (a blank line) and a line break unless the text already
 * ends so; whether an element's text is never shown (script, style,
 * template, head, iframe, svg, object, button, select, textarea, input, and
 * a ruby's annotation: rt, rp);
 * a buffer's string without leading or trailing blank space (taken). */
void html_text_append(struct nw_buf *out, const char *s, size_t n);
/* s without the characters a browser draws nothing for and that part no
 * words (a soft hyphen, a zero-width space, a word joiner, a byte-order
 * mark, a C0 control but white space, DEL), which html_text_append leaves
 * out of text too: in place, s returned (NULL for NULL). A C1 control is
 * left for html_fix_controls, which reads it. */
char *html_drop_invisible(char *s);
/* s (not NULL) without the control characters that are never text: C0
 * but white space, and DEL; a C1 control (U+0080..U+009F), what is left
 * of windows-1252 text read as Latin-1, becomes windows-1252's character
 * ("we\u0092re": "we’re"), or nothing for the five bytes it leaves
 * undefined. s returned, or a longer copy of it (s freed). */
char *html_fix_controls(char *s);
/* Whether s[0..n) holds a C0 control other than tab, line feed and
 * carriage return. */
bool html_has_c0(const char *s, size_t n);
/* html_text_append for a text node, where *edge says that an element
 * started or ended since the text before it (cleared once text comes).
 * At such an edge, text that ends in a lower-case letter or a sentence's
 * end (. ! ?) and text that starts with a capital, touching ("Industry
 * Competency</b>Our experts", "Alternatives<span class=block>Top picks",
 * "storage.</span><span>Yolanda"), are words a style sets apart: a space
 * goes between them. ASCII only. */
void html_text_append_at(struct nw_buf *out, const char *s, size_t n, bool *edge);
/* html_text_append_at for text inside a <pre>, as a browser shows it: its
 * lines stay lines and a blank line between them parts paragraphs (the
 * blanks within a line are collapsed, as elsewhere). */
void html_text_append_pre(struct nw_buf *out, const char *s, size_t n, bool *edge);
/* How an element's start and end count as such edges: 0 both; 1 only its
 * end (<sub>, <sup>: "log<sub>G</sub>" is one word); 2 its end, and no
 * edge inside it (<math>, whose tokens are elements of their own). A NULL
 * edge reads text as html_text_append does. */
int html_text_edge_kind(const char *name);
void html_text_para_break(struct nw_buf *out);
void html_text_line_break(struct nw_buf *out);
/* ASCII letters and digits: 1; ':', '-', '_', '.': 2; anything else 0. */
extern const unsigned char html_name_chars[256];

/* The attributes of a start tag that are read; those after are left out
 * (html_parse cuts the tag, the fragment path leaves such a fragment to
 * it). libxml2 compares each attribute with those before it. */
#define MAX_TAG_ATTRS 256

/* Where the attribute after the first MAX_TAG_ATTRS of a start tag
 * begins (p: just past its name; gt: its '>', or the end of the input
 * for a tag that does not end), or NULL when it has no more: attributes
 * as libxml2 reads them (a quote opens a value only after '='). */
const char *html_attrs_cut(const char *p, const char *gt);

bool html_is_hidden(const char *name);
char *html_text_trim(struct nw_buf *b);

/* libxml2's tree of an HTML fragment, read as UTF-8 inside an implied
 * <body>: the document (xmlFreeDoc), *body its body element (or NULL). */
htmlDocPtr html_parse_fragment(const char *html, size_t len, xmlNodePtr *body);

/* Plain text of an HTML fragment (a feed title or summary): tags stripped,
 * entities decoded, blocks separated by blank lines. New string. */
char *html_fragment_text(const char *html, size_t len);

/* Plain text with its paragraphs as HTML: the blocks between blank lines,
 * or between line breaks when the text is not wrapped (a line of more
 * than 100 characters: a wrapped text's newlines are spaces), each in a
 * <p>; a text of one block stays as it is. With escape '&', '<' and '>'
 * are written as references (a feed's text/plain); without, the text is
 * read as HTML that has no tags (JSON-LD's articleBody: its references
 * stay references). New string. */
char *html_paragraphs(const char *text, bool escape);

/* Its two ways, for tests: libxml2's tree of the fragment; and the fast
 * path, the same text from one pass, or NULL for a fragment it leaves to
 * the tree. */
char *html_fragment_text_tree(const char *html, size_t len);
char *html_fragment_text_fast(const char *html, size_t len);

/* The text of the fragment as html_sanitize leaves it: what the sanitiser
 * removes (scripts, forms' controls, <noscript>, <object>...) is not read.
 * For a reader of raw HTML that wants its text only (the parser stage, of
 * an item's content): the same text as html_fragment_text of the
 * sanitised fragment, without writing it. Its two ways, for tests, as
 * above. */
char *html_fragment_text_safe(const char *html, size_t len);
char *html_fragment_text_safe_tree(const char *html, size_t len);
char *html_fragment_text_safe_fast(const char *html, size_t len);

/* The page name in a link to an author's own page: the segment after a
 * folder of authors' pages in href[0..n) ("/author/ann-lee/",
 * "/blog/authors/ann_lee?x", "/blog-authors/ann-lee" give "ann-lee",
 * "ann_lee"), its length in *slug_len; NULL when the link goes through no
 * such folder. With profile non-NULL, a folder of people's profiles too
 * ("/profile/ann-lee": a writer's, or a forum member's), and *profile
 * says whether the folder found is one. */
const char *html_author_slug(const char *href, size_t n, size_t *slug_len, bool *profile);

/* Whether a link's address href[0..n) goes to a home page: "/", "./",
 * "index.html", or an absolute address with no path ("https://host/");
 * not "", the page itself. Its host, when it has one, in [*host, *host +
 * *host_len) (else *host_len is 0). */
bool html_home_link(const char *href, size_t n, const char **host, size_t *host_len);

/* Whether the n bytes at p, a word, are a web or mail address or a handle:
 * they hold '@' or "://", or start "www." ("https://...", "ann@example.com",
 * "@janedoe", "www.example.org"). */
bool html_is_address(const char *p, size_t n);

/* Whether an element name is a block-level element for text layout. */
bool html_is_block(const char *name);

/* Whether an element name (lower case, as the HTML parser gives it) is an
 * autonomous custom element's: a web component ("c-wiz", "app-root",
 * "product-info"), a letter first and a hyphen in it. Its author puts in
 * it whatever a <div> would hold, or a few words of text. */
bool html_is_custom(const char *name);

/* A set of element names, looked up case aside in a few instructions
 * (a page's every element is asked whether it is a block, whether it is
 * removed...): a list of at most HTML_NAME_SLOTS / 2 names, its table
 * built at the first look-up. Declared static with HTML_NAME_SET(list). */
#define HTML_NAME_SLOTS 512
struct html_name_set {
    const char *const *names;
    size_t n;
    _Atomic bool built;
    char keys[HTML_NAME_SLOTS][16]; /* lower case, zero-padded */
};
/* clang-format off */
#define HTML_NAME_SET(list) {.names = (list), .n = sizeof(list) / sizeof *(list)}
/* clang-format on */
/* Whether the name of len bytes is in the set. */
bool html_name_in(struct html_name_set *set, const char *name, size_t len);

/* A function of a class or id value, remembered per thread: pages
 * repeat their values (a "menu-item" a hundred times, a utility-class
 * list on every card), and the answer is the value's alone. memo holds
 * `slots` entries (a power of two), zeroed at first; a value of
 * HTML_MEMO_LEN bytes or more, or an empty one, is not remembered. */
#define HTML_MEMO_LEN 256
struct html_memo {
    char v[HTML_MEMO_LEN];
    unsigned value;
};
unsigned html_memoized(struct html_memo *memo, size_t slots, const char *v, unsigned (*fn)(const char *v));

/* The rank of a heading element's name, 1 for "h1" to 6 for "h6"; 0 for
 * any other name. */
static inline int html_heading_rank(const char *name)
{
    return (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2] ? name[1] - '0' : 0;
}

/* Whether name[0..len) names an element of HTML (any case), SVG's or
 * MathML's root included: "<int>" and "<News>" name none. */
bool html_is_element_name(const char *name, size_t len);

/* Collapses runs of ASCII white space to one space and trims, in place
 * (no-break spaces are kept: they are meant). Returns s. */
char *html_collapse_ws(char *s);

/* Counts words (runs of letters/digits, CJK characters counted one by one
 * as a word every 2 characters). */
size_t html_word_count(const char *text);

/* Bits set in x (no popcnt instruction in the x86-64 baseline). */
static inline unsigned html_bits_set(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* Adds to *len the length in bytes of a text with its white space
 * collapsed (a run of ASCII blanks one character between two others,
 * none before the first or after the last: *space says whether the text
 * counted before ended in a blank, and is set to whether this one does),
 * and to *commas its commas (Latin, and the CJK "，", "、", "。"). */
void html_text_stats(const char *text, size_t *len, size_t *commas, bool *space);

/* The characters of a UTF-8 text other than ASCII blanks (those
 * isspace() names): its bytes but continuation bytes and blanks. */
size_t html_solid_chars(const char *text);

/* Whether a code point is a Han, kana or Hangul character: a script written
 * without blanks between words (a word counted every two characters),
 * whose names have no blank inside. */
bool html_is_cjk(unsigned cp);

/* Whether the n bytes at text hold more than limit words, as counted by
 * html_word_count; counting stops once they do. */
bool html_words_above(const char *text, size_t n, size_t limit);

/* Whether a line of text is only an advertisement's label ("Anzeige",
 * "- Advertisement -", "PUBLICITÉ", "Реклама", "広告", "Story continues
 * below advertisement"...), in any case, between dashes, bullets or
 * brackets: what a page prints over an ad slot, never a sentence. Words
 * that also head real sections ("Advertising", "Sponsored") are not
 * labels. */
bool html_is_ad_label(const char *line, size_t len);

/* Whether a line shows nothing: only blanks and characters that draw no
 * glyph (joiners, direction marks, a byte-order mark...), as the empty
 * paragraphs some page builders write ("<p>&zwj;</p>"). */
bool html_draws_nothing(const char *line, size_t len);

/* Removes from a text (lines, blocks separated by a blank line) the lines
 * that are ad labels or show nothing, with the blank line that separated
 * them, in place. Returns text. */
char *html_drop_ad_lines(char *text);

/* Removes from the end of a feed item's text (blocks separated by a
 * blank line) the lines its publishing system adds to every item of the
 * feed: a WordPress SEO plugin's "The post TITLE appeared first on SITE."
 * (in the languages it ships), Medium's "... was originally published in
 * ... on Medium, where people are continuing the conversation ...", a
 * lone "Continue reading" or "Read more" link, an aggregator's links to
 * its own pages ("[link] [comments]"). In place; returns text. */
char *html_drop_feed_footer(char *text);

/* Sanitises an HTML fragment from a feed: script, style, frames, objects
 * and forms are removed, event-handler attributes and javascript:/vbscript:
 * URLs dropped, relative href/src resolved against `base` (may be NULL).
 * Returns a new string (the input unchanged when nothing needed doing). */
char *html_sanitize(const char *html, size_t len, const char *base);

/* html_sanitize's two ways, for tests: libxml2's tree, sanitised and
 * written back by libxml2 (new string, "" for nothing); and the fast path,
 * which writes the same bytes from one pass over the fragment, or returns
 * NULL for a fragment it leaves to the tree. */
char *html_sanitize_tree(const char *html, size_t len, const char *base);
char *html_sanitize_fast(const char *html, size_t len, const char *base);

/* When set (by tests and fuzz targets), html_sanitize computes both ways
 * and calls it with the fragment, the fast path's bytes (NULL when it
 * left the fragment to the tree) and the tree's. */
extern void (*html_sanitize_check)(const char *html, size_t len, const char *fast, const char *tree);
/* A check for it: prints both and aborts when the fast path's bytes
 * differ from the tree's. */
void html_sanitize_same_or_abort(const char *html, size_t len, const char *fast, const char *tree);

/* Whether html_sanitize would change the fragment at all (unsafe markup,
 * comments, or URLs that are not absolute http(s)). */
bool html_needs_sanitizing(const char *html, size_t len);
#endif
