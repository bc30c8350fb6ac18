// Chat text for the page: what a peer sends, made safe and rendered with the same small markup as
// the terminal client (peer-client's ChatText), as DOM nodes. Nothing here ever parses HTML: every
// piece of text becomes a Text node, so "<script>" or "<img onerror=…>" in a message stays text.
//
// Markup:
//  - **bold**, *italic*, _italic_ and ***bold italic***. An opening marker must be followed by a
//    non-space and not preceded by a letter or digit; a closing one preceded by a non-space and not
//    followed by a letter or digit, so 2*3*4, snake_case_name and 5 * 3 * 2 stay as written. A marker
//    without its closer stays literal; "__" and runs of four or more are never markers.
//  - `code` (or ``code`` to hold a backtick): nothing inside is markup or a link.
//  - http://, https:// and www. addresses become links (rel="noopener noreferrer", target _blank).
//    Only those schemes are ever recognised, so "javascript:…" is never a link. Trailing punctuation
//    and an unbalanced closing bracket are not part of the address.

/** Shown for a character that could reorder or hide text: visible, and never mistaken for what was typed. */
export const REPLACEMENT = '\uFFFD';

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;
const SPACE = /^[\s\p{Z}]$/u;
const FORMAT = /^\p{Cf}$/u;

function isLetterOrDigit(cp) {
    return cp >= 0 && LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}

function isSpace(cp) {
    return SPACE.test(String.fromCodePoint(cp));
}

function isBidiControl(c) {
    return c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * Characters that take no room and so could hide or disguise text: format characters (category Cf)
 * and the Hangul fillers that look like blanks. The zero-width joiner and non-joiner (emoji, Persian
 * and Indic words) and the prepended concatenation marks, which are drawn, are kept.
 */
function isInvisible(c) {
    if (c === 0x200c || c === 0x200d || (c >= 0x0600 && c <= 0x0605) || c === 0x06dd || c === 0x070f
        || c === 0x0890 || c === 0x0891 || c === 0x08e2 || c === 0x110bd || c === 0x110cd) {
        return false;
    }
    return FORMAT.test(String.fromCodePoint(c)) || c === 0x115f || c === 0x1160 || c === 0x3164 || c === 0xffa0;
}

/**
 * The text with every character that could reorder, hide or control what is shown replaced by
 * U+FFFD: C0 and C1 controls, DEL, bidirectional controls ("Trojan Source"), invisible format
 * characters and unpaired surrogates. A tab becomes a space; CR, CRLF, NEL, U+2028 and U+2029
 * become "\n" (the page shows line breaks, unlike the terminal's one-line messages). Anything that
 * is not a string becomes "".
 */
export function sanitize(text) {
    if (typeof text !== 'string') {
        return '';
    }
    let out = '';
    const n = text.length;
    for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x09) {
            out += ' ';
        } else if (c === 0x0d) {
            out += '\n';
            if (i + 1 < n && text.charCodeAt(i + 1) === 0x0a) {
                i++;
            }
        } else if (c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029) {
            out += '\n';
        } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || isBidiControl(c)) {
            out += REPLACEMENT;
        } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n
            && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
            const cp = text.codePointAt(i);
            out += isInvisible(cp) ? REPLACEMENT : text.slice(i, i + 2);
            i++;
        } else if ((c >= 0xd800 && c <= 0xdfff) || isInvisible(c)) {
            out += REPLACEMENT;
        } else {
            out += text[i];
        }
    }
    return out;
}

/** A name, room name or other one-line text from the registry: sanitised, line breaks shown as ⏎. */
export function sanitizeLine(text) {
    return sanitize(text).replace(/\n/g, '\u23CE');
}

/** Unreserved, reserved and %: the ASCII characters a URL may hold as they are. */
function isUrlAscii(ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
        || "-._~:/?#[]@!$&'()*+,;=%".includes(ch);
}

/**
 * The address a link opens: "www." gains "https://", the scheme is lower-cased, and every byte that
 * is not printable ASCII allowed in a URL is percent-encoded.
 */
export function linkTarget(url) {
    let full = url.slice(0, 4).toLowerCase() === 'www.' ? 'https://' + url : url;
    const colon = full.indexOf(':');
    if (colon > 0) {
        full = full.slice(0, colon).toLowerCase() + full.slice(colon);
    }
    let target = '';
    for (const byte of new TextEncoder().encode(full)) {
        const ch = String.fromCharCode(byte);
        target += byte < 0x80 && isUrlAscii(ch) ? ch : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
    return target;
}

const BOLD = 1;
const ITALIC = 2;
const CODE = 4;
/** The elements a styled run is wrapped in, innermost first: `<strong><em><code>text</code></em></strong>`. */
const WRAPPERS = [[CODE, 'code'], [ITALIC, 'em'], [BOLD, 'strong']];
const LINK = 8;

function startsWithIgnoreCase(s, at, prefix) {
    return s.slice(at, at + prefix.length).toLowerCase() === prefix;
}

/**
 * One pass over the sanitised text, no regular expressions over the whole of it, so the time stays
 * close to linear whatever a peer sends: first the atoms (code spans and links, left to right), then
 * the emphasis marker runs outside them, then a walk that pairs each opener with the next closer of
 * its kind. The same algorithm as the terminal client's, so both show a message alike.
 */
class Markup {
    constructor(s) {
        this.s = s;
        this.atomEnd = new Int32Array(s.length);
        this.atoms = new Map();
        this.runAt = new Int32Array(s.length);
        this.runs = [];
        this.closers = new Map();
        this.findAtoms();
        this.findRuns();
    }

    /** Segments [{text, flags, target}] in order; flags say bold, italic, code or link. */
    segments() {
        const out = [];
        this.render(out, 0, this.s.length, 0);
        return out;
    }

    render(out, from, to, flags) {
        const s = this.s;
        let literal = from;
        let i = from;
        while (i < to) {
            if (this.atomEnd[i] > 0) {
                emit(out, s.slice(literal, i), flags);
                const atom = this.atoms.get(i);
                emit(out, s.slice(atom.contentStart, atom.contentEnd), flags | atom.flag, atom.target);
                i = literal = this.atomEnd[i];
            } else if (this.runAt[i] > 0) {
                const index = this.runAt[i] - 1;
                const run = this.runs[index];
                const closer = run.canOpen ? this.closerFor(index, to) : null;
                if (closer) {
                    emit(out, s.slice(literal, i), flags);
                    this.render(out, run.start + run.length, closer.start, flags | style(run));
                    i = literal = closer.start + closer.length;
                } else {
                    i = run.start + run.length;
                }
            } else {
                i++;
            }
        }
        emit(out, s.slice(literal, to), flags);
    }

    /** The first run after the opener that closes its kind, if it ends by `to`. */
    closerFor(opener, to) {
        const candidates = this.closers.get(kind(this.runs[opener]));
        if (!candidates) {
            return null;
        }
        // Binary search for the first candidate index greater than the opener's.
        let lo = 0;
        let hi = candidates.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (candidates[mid] < opener + 1) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo === candidates.length) {
            return null;
        }
        const closer = this.runs[candidates[lo]];
        return closer.start + closer.length <= to ? closer : null;
    }

    findAtoms() {
        const s = this.s;
        const n = s.length;
        // Backtick run lengths known to have no closing run after some point: none after any later point either.
        const unclosed = new Set();
        let i = 0;
        while (i < n) {
            if (s[i] === '`') {
                const length = this.runLength(i, '`');
                const close = unclosed.has(length) ? -1 : this.closingBackticks(i + length, length);
                if (close < 0) {
                    unclosed.add(length);
                    i += length;
                    continue;
                }
                let contentStart = i + length;
                let contentEnd = close;
                // As in CommonMark: one space each side is padding, so ``  `x`  `` can show a backtick.
                if (contentEnd - contentStart >= 2 && s[contentStart] === ' ' && s[contentEnd - 1] === ' '
                    && s.slice(contentStart, contentEnd).trim() !== '') {
                    contentStart++;
                    contentEnd--;
                }
                this.atoms.set(i, {contentStart, contentEnd, flag: CODE, target: null});
                this.atomEnd[i] = close + length;
                i = close + length;
            } else if (this.isWordBoundary(i)) {
                const end = this.linkEnd(i);
                if (end > i) {
                    this.atoms.set(i, {contentStart: i, contentEnd: end, flag: LINK, target: linkTarget(s.slice(i, end))});
                    this.atomEnd[i] = end;
                    i = end;
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
    }

    closingBackticks(from, length) {
        let i = this.s.indexOf('`', from);
        while (i >= 0) {
            const run = this.runLength(i, '`');
            if (run === length) {
                return i;
            }
            i = this.s.indexOf('`', i + run);
        }
        return -1;
    }

    runLength(at, c) {
        let end = at;
        while (end < this.s.length && this.s[end] === c) {
            end++;
        }
        return end - at;
    }

    isWordBoundary(i) {
        return i === 0 || !isLetterOrDigit(this.s.charCodeAt(i - 1));
    }

    /** The end of a link starting at i, or i if there is none. */
    linkEnd(i) {
        const s = this.s;
        let hostStart;
        if (startsWithIgnoreCase(s, i, 'https://')) {
            hostStart = i + 8;
        } else if (startsWithIgnoreCase(s, i, 'http://')) {
            hostStart = i + 7;
        } else if (startsWithIgnoreCase(s, i, 'www.')) {
            hostStart = i + 4;
        } else {
            return i;
        }
        let end = hostStart;
        while (end < s.length) {
            const cp = s.codePointAt(end);
            if (cp < 0x80 ? !isUrlAscii(String.fromCharCode(cp)) : !isLetterOrDigit(cp)) {
                break;
            }
            end += cp > 0xffff ? 2 : 1;
        }
        end = this.trimTrailing(hostStart, end);
        if (end === hostStart || !isLetterOrDigit(s.codePointAt(hostStart))) {
            return i;
        }
        return end;
    }

    /** Leaves out trailing punctuation and closing brackets that have no opening one in the link. */
    trimTrailing(start, end) {
        const s = this.s;
        let parens = 0;
        let brackets = 0;
        for (let i = start; i < end; i++) {
            const c = s[i];
            parens += c === '(' ? 1 : c === ')' ? -1 : 0;
            brackets += c === '[' ? 1 : c === ']' ? -1 : 0;
        }
        while (end > start) {
            const last = s[end - 1];
            if (last === ')' && parens < 0) {
                parens++;
            } else if (last === ']' && brackets < 0) {
                brackets++;
            } else if (!".,:;!?*_~'".includes(last)) {
                break;
            }
            end--;
        }
        return end;
    }

    findRuns() {
        const s = this.s;
        const n = s.length;
        let i = 0;
        while (i < n) {
            if (this.atomEnd[i] > 0) {
                i = this.atomEnd[i];
                continue;
            }
            const c = s[i];
            if (c !== '*' && c !== '_') {
                i++;
                continue;
            }
            const length = this.runLength(i, c);
            const marker = c === '*' ? length <= 3 : length === 1;
            if (marker) {
                const before = i === 0 ? -1 : codePointBefore(s, i);
                const after = i + length < n ? s.codePointAt(i + length) : -1;
                const canOpen = after >= 0 && !isSpace(after) && !(before >= 0 && isLetterOrDigit(before));
                const canClose = before >= 0 && !isSpace(before) && !(after >= 0 && isLetterOrDigit(after));
                if (canOpen || canClose) {
                    const run = {start: i, length, marker: c, canOpen, canClose};
                    this.runs.push(run);
                    this.runAt[i] = this.runs.length;
                    if (canClose) {
                        const k = kind(run);
                        if (!this.closers.has(k)) {
                            this.closers.set(k, []);
                        }
                        this.closers.get(k).push(this.runs.length - 1);
                    }
                }
            }
            i += length;
        }
    }
}

function codePointBefore(s, i) {
    const low = s.charCodeAt(i - 1);
    if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
        const high = s.charCodeAt(i - 2);
        if (high >= 0xd800 && high <= 0xdbff) {
            return s.codePointAt(i - 2);
        }
    }
    return low;
}

/** Only a run of the same character and length closes an opener. */
function kind(run) {
    return run.marker + run.length;
}

function style(run) {
    if (run.marker === '_') {
        return ITALIC;
    }
    return run.length === 1 ? ITALIC : run.length === 2 ? BOLD : BOLD | ITALIC;
}

function emit(out, text, flags, target = null) {
    if (text !== '') {
        out.push({text, flags, target});
    }
}

/**
 * The body of a chat message as a DocumentFragment: sanitised, with its markup as <strong>, <em>,
 * <code> and <a> elements around Text nodes. Line breaks stay "\n" (the stylesheet shows them).
 */
export function renderBody(body, doc = document) {
    const fragment = doc.createDocumentFragment();
    for (const segment of new Markup(sanitize(body)).segments()) {
        let node = doc.createTextNode(segment.text);
        if (segment.flags & LINK) {
            const a = doc.createElement('a');
            a.href = segment.target;
            a.rel = 'noopener noreferrer';
            a.target = '_blank';
            a.append(node);
            node = a;
        }
        for (const [flag, tag] of WRAPPERS) {
            if (segment.flags & flag) {
                const wrapper = doc.createElement(tag);
                wrapper.append(node);
                node = wrapper;
            }
        }
        fragment.append(node);
    }
    return fragment;
}

/** How many nick colours the stylesheet has (classes nick-0 … nick-7, readable on both themes). */
export const NICK_COLOURS = 8;

/**
 * A nick's colour index: Java's String.hashCode of the lower-cased name, as the terminal client
 * hashes it, so the same person has the same place in the palette everywhere and always.
 */
export function nickColour(name) {
    const lower = String(name).toLowerCase();
    let h = 0;
    for (let i = 0; i < lower.length; i++) {
        h = (Math.imul(h, 31) + lower.charCodeAt(i)) | 0;
    }
    return ((h % NICK_COLOURS) + NICK_COLOURS) % NICK_COLOURS;
}

/** A <span class="nick nick-N"> holding the (sanitised) name as text. */
export function nickElement(name, doc = document) {
    const span = doc.createElement('span');
    span.className = `nick nick-${nickColour(name)}`;
    span.textContent = sanitizeLine(name);
    return span;
}
