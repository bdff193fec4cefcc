/* What a browser would make of sanitised HTML, as an HTML5 parser (Debian's
 * libgumbo) reads it, independently of the sanitiser's own reading: no
 * element that runs, loads or hides a document or takes input, none a
 * browser reads as raw text, no SVG animation, no <use> of a document
 * outside the fragment, no event handler or style attribute, no link to
 * a script or to a document of its own (a data: URL but an image's). For
 * the unit tests and fuzz_fragment. */
#ifndef NW_TEST_HTML_SAFETY_H
#define NW_TEST_HTML_SAFETY_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

/* The scheme of a URL as a browser reads it: blanks and C0 controls before
 * it skipped, ASCII tabs and newlines anywhere taken out */
static bool safety_bad_url(const char *v)
{
    while (*v && (unsigned char)*v <= 0x20)
        v++;
    char s[16];
    size_t n = 0;
    for (; *v && n < sizeof s - 1; v++)
        if (*v != '\t' && *v != '\n' && *v != '\r')
            s[n++] = (char)tolower((unsigned char)*v);
    s[n] = '\0';
    if (!strncmp(s, "data:", 5))
        return strncmp(s, "data:image/", 11) != 0;
    return !strncmp(s, "javascript:", 11) || !strncmp(s, "vbscript:", 9);
}

/* An element's name, lower case, into out */
static void safety_tag_name(const GumboElement *e, char *out, size_t size)
{
    out[0] = '\0';
    if (e->tag != GUMBO_TAG_UNKNOWN) {
        snprintf(out, size, "%s", gumbo_normalized_tagname(e->tag));
        return;
    }
    GumboStringPiece p = e->original_tag;
    gumbo_tag_from_original_text(&p);
    size_t n = p.length < size - 1 ? p.length : size - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)p.data[i]);
    out[n] = '\0';
}

/* Writes what is unsafe under node into why (size bytes); false when
 * nothing is. */
static bool safety_find(const GumboNode *node, char *why, size_t size, int depth)
{
    static const char *const banned[] = {
        "script",   "style",    "iframe",   "frame",     "frameset", "object",        "embed",
        "applet",   "meta",     "link",     "base",      "form",     "input",         "button",
        "select",   "textarea", "noscript", "template",  "param",    "xmp",           "noembed",
        "noframes", "plaintext", "animate", "set",       "animatemotion", "animatetransform",
        "animatecolor",
    };
    /* (an <object>'s data and a control's formaction go with their
     * elements) */
    static const char *const url_attrs[] = {"href", "src", "action", "poster", "background", "longdesc", "cite"};
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)
        return false;
    if (depth > 400)
        return false;
    const GumboElement *e = &node->v.element;
    char name[64];
    safety_tag_name(e, name, sizeof name);
    for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
        if (!strcmp(name, banned[i])) {
            snprintf(why, size, "element <%s>", name);
            return true;
        }
    for (unsigned i = 0; i < e->attributes.length; i++) {
        const GumboAttribute *a = e->attributes.data[i];
        const char *an = a->name;
        const char *local = strrchr(an, ':') ? strrchr(an, ':') + 1 : an;
        if (!strncasecmp(an, "on", 2) || !strcasecmp(an, "style")) {
            snprintf(why, size, "<%s %s=\"%s\">", name, an, a->value);
            return true;
        }
        bool url = false;
        for (size_t k = 0; k < sizeof url_attrs / sizeof *url_attrs && !url; k++)
            url = !strcasecmp(local, url_attrs[k]);
        /* SVG's <use> draws what it fetches: a reference within the
         * fragment only */
        if (url && (safety_bad_url(a->value) ||
                    (!strcmp(name, "use") && !strcasecmp(local, "href") && a->value[0] && a->value[0] != '#'))) {
            snprintf(why, size, "<%s %s=\"%s\">", name, an, a->value);
            return true;
        }
    }
    for (unsigned i = 0; i < e->children.length; i++)
        if (safety_find(e->children.data[i], why, size, depth + 1))
            return true;
    return false;
}

/* Whether html, parsed as a browser parses a page's body, holds nothing
 * unsafe; why (size bytes) says what it holds otherwise. */
static bool html_is_safe(const char *html, size_t len, char *why, size_t size)
{
    GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
    /* the whole document: a stray <meta>, <link>, <style> or <title> goes
     * to the <head> gumbo makes, a <body>'s attributes to its <body> */
    bool bad = safety_find(out->root, why, size, 0);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return !bad;
}

#endif
