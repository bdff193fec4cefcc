/* The JSON reader of messages (jsonwalk.h): simdjson's DOM parser, its
 * tape walked in order and turned into events. */
#include "jsonwalk.h"

#include <memory>
#include <simdjson.h>

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr size_t kMaxDepth = 64;
/* a parser's buffers grow to the largest document it has read: past
 * this, they are given back after the walk */
constexpr size_t kKeepCapacity = size_t(4) << 20;

thread_local std::unique_ptr<simdjson::dom::parser> tl_parser;

bool walk(const element &e, const nw_json_events *ev, void *ctx)
{
    switch (e.type()) {
    case element_type::OBJECT: {
        simdjson::dom::object o;
        if (e.get_object().get(o) != simdjson::SUCCESS || !ev->start_map(ctx))
            return false;
        for (auto field : o) {
            if (!ev->map_key(ctx, field.key.data(), field.key.size()) || !walk(field.value, ev, ctx))
                return false;
        }
        return ev->end_map(ctx) != 0;
    }
    case element_type::ARRAY: {
        simdjson::dom::array a;
        if (e.get_array().get(a) != simdjson::SUCCESS || !ev->start_array(ctx))
            return false;
        for (element x : a)
            if (!walk(x, ev, ctx))
                return false;
        return ev->end_array(ctx) != 0;
    }
    case element_type::STRING: {
        std::string_view s = e.get_string().value_unsafe();
        return ev->string(ctx, s.data(), s.size()) != 0;
    }
    case element_type::INT64:
        return ev->integer(ctx, static_cast<long long>(e.get_int64().value_unsafe())) != 0;
    case element_type::UINT64:
    case element_type::DOUBLE:
        return ev->number(ctx) != 0;
    case element_type::BOOL:
        return ev->boolean(ctx, e.get_bool().value_unsafe() ? 1 : 0) != 0;
    case element_type::NULL_VALUE:
        return ev->null(ctx) != 0;
    }
    return false;
}

} // namespace

extern "C" int nw_json_walk(const char *text, size_t len, const nw_json_events *ev, void *ctx)
{
    try {
        if (!tl_parser) {
            tl_parser.reset(new simdjson::dom::parser());
            if (tl_parser->allocate(size_t(64) << 10, kMaxDepth) != simdjson::SUCCESS) {
                tl_parser.reset();
                return NW_JSON_SYNTAX;
            }
        }
        element root;
        /* the text is copied into the parser's padded buffer: simdjson
         * reads a few bytes past the end */
        if (tl_parser->parse(text, len, true).get(root) != simdjson::SUCCESS) {
            if (tl_parser->capacity() > kKeepCapacity)
                tl_parser.reset();
            return NW_JSON_SYNTAX;
        }
        bool done = walk(root, ev, ctx);
        if (tl_parser->capacity() > kKeepCapacity)
            tl_parser.reset();
        return done ? NW_JSON_OK : NW_JSON_STOPPED;
    } catch (...) { /* simdjson reports its errors by code; no exception may cross into C */
        tl_parser.reset();
        return NW_JSON_SYNTAX;
    }
}
