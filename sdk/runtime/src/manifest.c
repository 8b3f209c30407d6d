/* manifest.json reader: a recursive-descent JSON scanner that keeps only the members the
 * runtime needs. */
#include "manifest.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kMaxDepth = 64 };

typedef struct parser {
    const char* p;
    const char* end;
    const char* begin;
    char* err;
    size_t errsize;
    int failed;
} parser;

static void fail(parser* s, const char* fmt, ...) {
    if (s->failed) return;
    s->failed = 1;
    int line = 1, col = 1;
    for (const char* q = s->begin; q < s->p && q < s->end; ++q) {
        if (*q == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    int n = snprintf(s->err, s->errsize, "line %d, column %d: ", line, col);
    if (n < 0 || (size_t)n >= s->errsize) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err + n, s->errsize - (size_t)n, fmt, ap);
    va_end(ap);
}

static void skip_ws(parser* s) {
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) ++s->p;
}

static int expect(parser* s, char c) {
    skip_ws(s);
    if (s->p < s->end && *s->p == c) {
        ++s->p;
        return 1;
    }
    if (s->p >= s->end) fail(s, "expected '%c', found the end of the file", c);
    else fail(s, "expected '%c', found '%c'", c, *s->p);
    return 0;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int read_u4(parser* s, uint32_t* out) {
    if (s->end - s->p < 4) {
        fail(s, "truncated \\u escape");
        return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        int h = hex_value(s->p[i]);
        if (h < 0) {
            fail(s, "bad \\u escape");
            return 0;
        }
        v = v << 4 | (uint32_t)h;
    }
    s->p += 4;
    *out = v;
    return 1;
}

static void put_utf8(char* out, size_t* n, uint32_t c) {
    if (c < 0x80) {
        out[(*n)++] = (char)c;
    } else if (c < 0x800) {
        out[(*n)++] = (char)(0xc0 | c >> 6);
        out[(*n)++] = (char)(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out[(*n)++] = (char)(0xe0 | c >> 12);
        out[(*n)++] = (char)(0x80 | (c >> 6 & 0x3f));
        out[(*n)++] = (char)(0x80 | (c & 0x3f));
    } else {
        out[(*n)++] = (char)(0xf0 | c >> 18);
        out[(*n)++] = (char)(0x80 | (c >> 12 & 0x3f));
        out[(*n)++] = (char)(0x80 | (c >> 6 & 0x3f));
        out[(*n)++] = (char)(0x80 | (c & 0x3f));
    }
}

/* A JSON string, decoded into a malloc'ed NUL-terminated buffer (NULL on error). The
 * decoded text is never longer than the quoted text. */
static char* read_string(parser* s) {
    if (!expect(s, '"')) return NULL;
    const char* start = s->p;
    const char* q = start;
    while (q < s->end && *q != '"') q += (*q == '\\' && q + 1 < s->end) ? 2 : 1;
    if (q >= s->end) {
        fail(s, "unterminated string");
        return NULL;
    }
    char* out = (char*)malloc((size_t)(q - start) + 1);
    if (!out) {
        fail(s, "out of memory");
        return NULL;
    }
    size_t n = 0;
    while (*s->p != '"') {
        unsigned char c = (unsigned char)*s->p++;
        if (c < 0x20) {
            fail(s, "control character in a string");
            free(out);
            return NULL;
        }
        if (c != '\\') {
            out[n++] = (char)c;
            continue;
        }
        char e = *s->p++;
        uint32_t u = 0;
        switch (e) {
            case '"': out[n++] = '"'; break;
            case '\\': out[n++] = '\\'; break;
            case '/': out[n++] = '/'; break;
            case 'b': out[n++] = '\b'; break;
            case 'f': out[n++] = '\f'; break;
            case 'n': out[n++] = '\n'; break;
            case 'r': out[n++] = '\r'; break;
            case 't': out[n++] = '\t'; break;
            case 'u':
                if (!read_u4(s, &u)) break;
                if (u >= 0xd800 && u < 0xdc00) { /* a surrogate pair */
                    uint32_t lo = 0;
                    if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u') {
                        fail(s, "unpaired surrogate in a \\u escape");
                        break;
                    }
                    s->p += 2;
                    if (!read_u4(s, &lo)) break;
                    if (lo < 0xdc00 || lo >= 0xe000) {
                        fail(s, "unpaired surrogate in a \\u escape");
                        break;
                    }
                    u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                } else if (u >= 0xdc00 && u < 0xe000) {
                    fail(s, "unpaired surrogate in a \\u escape");
                    break;
                } else if (u == 0) {
                    fail(s, "\\u0000 in a string");
                    break;
                }
                put_utf8(out, &n, u);
                break;
            default: fail(s, "bad escape '\\%c'", e); break;
        }
        if (s->failed) {
            free(out);
            return NULL;
        }
    }
    ++s->p; /* closing quote */
    out[n] = '\0';
    return out;
}

static int skip_value(parser* s, int depth);

static int skip_literal(parser* s, const char* word) {
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) >= n && memcmp(s->p, word, n) == 0) {
        s->p += n;
        return 1;
    }
    fail(s, "unexpected character '%c'", *s->p);
    return 0;
}

static int skip_number(parser* s) {
    const char* q = s->p;
    if (q < s->end && *q == '-') ++q;
    if (q >= s->end || *q < '0' || *q > '9') {
        fail(s, "bad number");
        return 0;
    }
    if (*q == '0') ++q;
    else
        while (q < s->end && *q >= '0' && *q <= '9') ++q;
    if (q < s->end && *q == '.') {
        ++q;
        if (q >= s->end || *q < '0' || *q > '9') {
            fail(s, "bad number");
            return 0;
        }
        while (q < s->end && *q >= '0' && *q <= '9') ++q;
    }
    if (q < s->end && (*q == 'e' || *q == 'E')) {
        ++q;
        if (q < s->end && (*q == '+' || *q == '-')) ++q;
        if (q >= s->end || *q < '0' || *q > '9') {
            fail(s, "bad number");
            return 0;
        }
        while (q < s->end && *q >= '0' && *q <= '9') ++q;
    }
    s->p = q;
    return 1;
}

/* Skips a member list or an element list after its opening bracket. */
static int skip_container(parser* s, char close, int is_object, int depth) {
    skip_ws(s);
    if (s->p < s->end && *s->p == close) {
        ++s->p;
        return 1;
    }
    for (;;) {
        if (is_object) {
            char* key = read_string(s);
            if (!key) return 0;
            free(key);
            if (!expect(s, ':')) return 0;
        }
        if (!skip_value(s, depth + 1)) return 0;
        skip_ws(s);
        if (s->p < s->end && *s->p == ',') {
            ++s->p;
            continue;
        }
        return expect(s, close);
    }
}

static int skip_value(parser* s, int depth) {
    if (depth > kMaxDepth) {
        fail(s, "nested too deeply");
        return 0;
    }
    skip_ws(s);
    if (s->p >= s->end) {
        fail(s, "expected a value, found the end of the file");
        return 0;
    }
    switch (*s->p) {
        case '{': ++s->p; return skip_container(s, '}', 1, depth);
        case '[': ++s->p; return skip_container(s, ']', 0, depth);
        case '"': {
            char* str = read_string(s);
            free(str);
            return str != NULL;
        }
        case 't': return skip_literal(s, "true");
        case 'f': return skip_literal(s, "false");
        case 'n': return skip_literal(s, "null");
        default: return skip_number(s);
    }
}

/* A plain relative path: not empty, not absolute, no empty, '.' or '..' component. */
static int plain_relative_path(const char* name) {
    if (!*name || *name == '/') return 0;
    for (const char* c = name; *c;) {
        const char* e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) return 0;
        c += n + (e ? 1 : 0);
        if (e && !*c) return 0; /* trailing '/' */
    }
    return 1;
}

static int lower_hex64(const char* h) {
    size_t n = strlen(h);
    if (n != 64) return 0;
    for (size_t i = 0; i < n; ++i)
        if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f'))) return 0;
    return 1;
}

static int read_files(parser* s, neo_manifest* m) {
    if (!expect(s, '{')) return 0;
    skip_ws(s);
    if (s->p < s->end && *s->p == '}') {
        ++s->p;
        return 1;
    }
    size_t cap = 0;
    for (;;) {
        skip_ws(s);
        const char* at = s->p;
        char* name = read_string(s);
        if (!name) return 0;
        if (!plain_relative_path(name)) {
            s->p = at;
            fail(s, "\"files\" lists '%s', which is not a relative path inside the artifact", name);
            free(name);
            return 0;
        }
        if (neo_manifest_find(m, name)) {
            s->p = at;
            fail(s, "\"files\" lists '%s' twice", name);
            free(name);
            return 0;
        }
        if (!expect(s, ':')) {
            free(name);
            return 0;
        }
        skip_ws(s);
        at = s->p;
        char* digest = read_string(s);
        if (!digest) {
            free(name);
            return 0;
        }
        if (!lower_hex64(digest)) {
            s->p = at;
            fail(s, "the digest of '%s' is not 64 lowercase hexadecimal digits", name);
            free(name);
            free(digest);
            return 0;
        }
        if (m->count == cap) {
            size_t ncap = cap ? 2 * cap : 8;
            neo_manifest_file* f = (neo_manifest_file*)realloc(m->files, ncap * sizeof *f);
            if (!f) {
                fail(s, "out of memory");
                free(name);
                free(digest);
                return 0;
            }
            m->files = f;
            cap = ncap;
        }
        m->files[m->count].name = name;
        memcpy(m->files[m->count].sha256, digest, 65);
        m->count++;
        free(digest);
        skip_ws(s);
        if (s->p < s->end && *s->p == ',') {
            ++s->p;
            continue;
        }
        return expect(s, '}');
    }
}

int neo_manifest_parse(const char* text, size_t size, neo_manifest* out, char* err, size_t errsize) {
    parser s = {text, text + size, text, err, errsize, 0};
    neo_manifest m = {NULL, 0};
    int seen_algorithm = 0, seen_files = 0;
    if (errsize) err[0] = '\0';
    if (!expect(&s, '{')) goto bad;
    skip_ws(&s);
    if (s.p < s.end && *s.p == '}') {
        ++s.p;
    } else {
        for (;;) {
            skip_ws(&s);
            const char* at = s.p;
            char* key = read_string(&s);
            if (!key) goto bad;
            int is_alg = strcmp(key, "algorithm") == 0, is_files = strcmp(key, "files") == 0;
            if ((is_alg && seen_algorithm) || (is_files && seen_files)) {
                s.p = at;
                fail(&s, "\"%s\" appears twice", key);
                free(key);
                goto bad;
            }
            free(key);
            if (!expect(&s, ':')) goto bad;
            if (is_alg) {
                seen_algorithm = 1;
                skip_ws(&s);
                at = s.p;
                char* alg = read_string(&s);
                if (!alg) goto bad;
                int ok = strcmp(alg, "sha256") == 0;
                if (!ok) {
                    s.p = at;
                    fail(&s, "\"algorithm\" is '%s'; this runtime checks only sha256", alg);
                }
                free(alg);
                if (!ok) goto bad;
            } else if (is_files) {
                seen_files = 1;
                if (!read_files(&s, &m)) goto bad;
            } else if (!skip_value(&s, 1)) {
                goto bad;
            }
            skip_ws(&s);
            if (s.p < s.end && *s.p == ',') {
                ++s.p;
                continue;
            }
            if (!expect(&s, '}')) goto bad;
            break;
        }
    }
    skip_ws(&s);
    if (s.p != s.end) {
        fail(&s, "unexpected text after the closing '}'");
        goto bad;
    }
    if (!seen_algorithm) {
        fail(&s, "no \"algorithm\" member");
        goto bad;
    }
    if (!seen_files) {
        fail(&s, "no \"files\" member");
        goto bad;
    }
    *out = m;
    return 0;
bad:
    neo_manifest_free(&m);
    out->files = NULL;
    out->count = 0;
    return -1;
}

void neo_manifest_free(neo_manifest* m) {
    if (!m) return;
    for (size_t i = 0; i < m->count; ++i) free(m->files[i].name);
    free(m->files);
    m->files = NULL;
    m->count = 0;
}

const neo_manifest_file* neo_manifest_find(const neo_manifest* m, const char* name) {
    for (size_t i = 0; i < m->count; ++i)
        if (strcmp(m->files[i].name, name) == 0) return &m->files[i];
    return NULL;
}
