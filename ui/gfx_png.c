/* SPDX-License-Identifier: MIT */
/*
 * gfx_png.c: writing screenshots as PNG files without a PNG library. SDL2 itself only
 * writes BMP, and a projector screenshot is mostly flat dark background, so a small
 * encoder does well: each row gets the PNG filter (none, sub, up, Paeth) with the smallest
 * sum of magnitudes, then one zlib stream of a single deflate block with the fixed Huffman
 * codes and greedy LZ77 matching over hash chains. No dynamic trees, no lazy matching:
 * the output is a few percent larger than zlib's, always the same for the same pixels,
 * and any PNG reader takes it. CRC-32 guards each chunk, Adler-32 the zlib stream.
 *
 * The file is written as every output is (out_file_put()): beside its final name and
 * renamed over it, so a reader never sees half an image and a failed write leaves any
 * older file in place.
 */
#include "gfx.h"
#include "out_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_SIZE 32768
#define HASH_BITS 15
#define MAX_CHAIN 48
#define MIN_MATCH 3
#define MAX_MATCH 258

/* A growing byte buffer; failed stays set after the first allocation failure. */
struct buf {
	uint8_t *p;
	size_t n, cap;
	int failed;
	uint32_t bits;                  /* deflate's bit writer: pending bits, LSB first */
	int n_bits;
};

static void put_byte(struct buf *b, uint8_t v)
{
	if (b->failed)
		return;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 65536;
		uint8_t *p = realloc(b->p, cap);

		if (!p) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	b->p[b->n++] = v;
}

static void put_be32(struct buf *b, uint32_t v)
{
	put_byte(b, (uint8_t)(v >> 24));
	put_byte(b, (uint8_t)(v >> 16));
	put_byte(b, (uint8_t)(v >> 8));
	put_byte(b, (uint8_t)v);
}

/* ---- checksums ----------------------------------------------------------------------- */

uint32_t gfx_crc32(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
	}
	return ~crc;
}

uint32_t gfx_adler32(uint32_t adler, const uint8_t *p, size_t n)
{
	uint32_t a = adler & 0xFFFF, b = adler >> 16;

	while (n > 0) {
		/* 5552 bytes is the most that cannot overflow before the modulo */
		size_t k = n < 5552 ? n : 5552;

		n -= k;
		while (k--) {
			a += *p++;
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return b << 16 | a;
}

/* ---- deflate with the fixed codes ---------------------------------------------------- */

static void put_bits(struct buf *b, uint32_t v, int n)
{
	b->bits |= v << b->n_bits;
	b->n_bits += n;
	while (b->n_bits >= 8) {
		put_byte(b, (uint8_t)b->bits);
		b->bits >>= 8;
		b->n_bits -= 8;
	}
}

/* Huffman codes go most significant bit first, unlike everything else in deflate. */
static void put_code(struct buf *b, uint32_t code, int n)
{
	uint32_t rev = 0;

	for (int i = 0; i < n; i++)
		rev |= ((code >> i) & 1u) << (n - 1 - i);
	put_bits(b, rev, n);
}

static void put_symbol(struct buf *b, int sym)
{
	if (sym < 144)
		put_code(b, 0x30u + (uint32_t)sym, 8);
	else if (sym < 256)
		put_code(b, 0x190u + (uint32_t)(sym - 144), 9);
	else if (sym < 280)
		put_code(b, (uint32_t)(sym - 256), 7);
	else
		put_code(b, 0xC0u + (uint32_t)(sym - 280), 8);
}

static const uint16_t len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
	131, 163, 195, 227, 258
};
static const uint8_t len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};
static const uint16_t dist_base[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
	1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577
};
static const uint8_t dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
	13, 13
};

static void put_match(struct buf *b, int len, int dist)
{
	int i = 28, j = 29;

	while (len_base[i] > len)
		i--;
	put_symbol(b, 257 + i);
	put_bits(b, (uint32_t)(len - len_base[i]), len_extra[i]);
	while (dist_base[j] > dist)
		j--;
	put_code(b, (uint32_t)j, 5);
	put_bits(b, (uint32_t)(dist - dist_base[j]), dist_extra[j]);
}

static unsigned hash3(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];

	return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* The longest earlier match of data[i..] in the window, through the hash chain. */
static int longest(const uint8_t *d, size_t n, size_t i, const int32_t *head,
                   const int32_t *prev, int *dist)
{
	int best = 0, chain = MAX_CHAIN;
	size_t limit = n - i < MAX_MATCH ? n - i : MAX_MATCH;
	int32_t cand = head[hash3(d + i)];

	while (cand >= 0 && chain-- > 0 && i - (size_t)cand <= WINDOW_SIZE) {
		const uint8_t *a = d + cand, *c = d + i;
		int len = 0;

		while ((size_t)len < limit && a[len] == c[len])
			len++;
		if (len > best) {
			best = len;
			*dist = (int)(i - (size_t)cand);
			if ((size_t)len == limit)
				break;
		}
		cand = prev[cand % WINDOW_SIZE];
	}
	return best;
}

static void insert(const uint8_t *d, size_t i, int32_t *head, int32_t *prev)
{
	unsigned h = hash3(d + i);

	prev[i % WINDOW_SIZE] = head[h];
	head[h] = (int32_t)i;
}

/* One final deflate block of d with the fixed codes. Returns -1 when out of memory. */
static int deflate_fixed(struct buf *b, const uint8_t *d, size_t n)
{
	int32_t *head = malloc(sizeof(int32_t) << HASH_BITS);
	int32_t *prev = malloc(sizeof(int32_t) * WINDOW_SIZE);
	size_t i = 0;

	if (!head || !prev) {
		free(head);
		free(prev);
		return -1;
	}
	memset(head, 0xFF, sizeof(int32_t) << HASH_BITS);
	put_bits(b, 1, 1);              /* the last block */
	put_bits(b, 1, 2);              /* fixed Huffman codes */
	while (i < n) {
		int dist = 0, len = i + MIN_MATCH <= n ? longest(d, n, i, head, prev, &dist) : 0;

		if (len >= MIN_MATCH) {
			put_match(b, len, dist);
			for (int k = 0; k < len; k++, i++)
				if (i + MIN_MATCH <= n)
					insert(d, i, head, prev);
			continue;
		}
		put_symbol(b, d[i]);
		if (i + MIN_MATCH <= n)
			insert(d, i, head, prev);
		i++;
	}
	put_symbol(b, 256);
	if (b->n_bits > 0)
		put_bits(b, 0, 8 - b->n_bits);
	free(head);
	free(prev);
	return b->failed ? -1 : 0;
}

/* ---- filters ------------------------------------------------------------------------- */

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	if (pa <= pb && pa <= pc)
		return a;
	return pb <= pc ? b : c;
}

/* Row y filtered with type into out (n bytes); prior is the row above or NULL. */
static void filter_row(int type, const uint8_t *row, const uint8_t *prior, size_t n,
                       uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		int a = i >= 3 ? row[i - 3] : 0, b = prior ? prior[i] : 0;
		int c = i >= 3 && prior ? prior[i - 3] : 0, pred = 0;

		switch (type) {
		case 1: pred = a; break;
		case 2: pred = b; break;
		case 4: pred = paeth(a, b, c); break;
		default: pred = 0; break;
		}
		out[i] = (uint8_t)(row[i] - pred);
	}
}

/* Sum of the filtered bytes read as signed: the usual guess at what compresses best. */
static unsigned long cost(const uint8_t *p, size_t n)
{
	unsigned long sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += p[i] < 128 ? p[i] : 256u - p[i];
	return sum;
}

/* Every row with its filter byte, as the IDAT data wants it; NULL when out of memory. */
static uint8_t *filter_image(const uint8_t *rgb, int w, int h, size_t stride, size_t *len)
{
	static const int types[] = {0, 1, 2, 4};
	size_t row_n = (size_t)w * 3;
	uint8_t *out = malloc((row_n + 1) * (size_t)h), *tmp = malloc(row_n);

	if (!out || !tmp) {
		free(out);
		free(tmp);
		return NULL;
	}
	for (int y = 0; y < h; y++) {
		const uint8_t *row = rgb + (size_t)y * stride;
		const uint8_t *prior = y ? row - stride : NULL;
		uint8_t *dst = out + (size_t)y * (row_n + 1);
		unsigned long best = (unsigned long)-1;

		for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
			filter_row(types[t], row, prior, row_n, tmp);
			unsigned long c = cost(tmp, row_n);

			if (c < best) {
				best = c;
				dst[0] = (uint8_t)types[t];
				memcpy(dst + 1, tmp, row_n);
			}
		}
	}
	free(tmp);
	*len = (row_n + 1) * (size_t)h;
	return out;
}

/* ---- the file ------------------------------------------------------------------------ */

/* A chunk: length, type, data, and the CRC of type and data. */
static void put_chunk(struct buf *b, const char *type, const uint8_t *data, size_t n)
{
	size_t start;

	put_be32(b, (uint32_t)n);
	start = b->n;
	for (int i = 0; i < 4; i++)
		put_byte(b, (uint8_t)type[i]);
	for (size_t i = 0; i < n; i++)
		put_byte(b, data[i]);
	if (!b->failed)
		put_be32(b, gfx_crc32(0, b->p + start, n + 4));
}

/* The zlib stream of raw: header, one deflate block, Adler-32. */
static int zlib_stream(struct buf *z, const uint8_t *raw, size_t n)
{
	put_byte(z, 0x78);              /* deflate, 32 KiB window */
	put_byte(z, 0x01);              /* no dictionary, fastest; 0x7801 is a multiple of 31 */
	if (deflate_fixed(z, raw, n) != 0)
		return -1;
	put_be32(z, gfx_adler32(1, raw, n));
	return z->failed ? -1 : 0;
}

int gfx_png_encode(const uint8_t *rgb, int w, int h, size_t stride, uint8_t **out,
                   size_t *len)
{
	static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	struct buf png = {0}, z = {0}, ihdr = {0};
	size_t raw_n;
	uint8_t *raw;

	*out = NULL;
	*len = 0;
	if (w <= 0 || h <= 0 || !(raw = filter_image(rgb, w, h, stride, &raw_n)))
		return -1;
	if (zlib_stream(&z, raw, raw_n) != 0) {
		free(raw);
		free(z.p);
		return -1;
	}
	free(raw);

	put_be32(&ihdr, (uint32_t)w);
	put_be32(&ihdr, (uint32_t)h);
	put_byte(&ihdr, 8);             /* bits per sample */
	put_byte(&ihdr, 2);             /* truecolour, no alpha */
	put_byte(&ihdr, 0);             /* deflate */
	put_byte(&ihdr, 0);             /* adaptive filters */
	put_byte(&ihdr, 0);             /* not interlaced */
	for (int i = 0; i < 8; i++)
		put_byte(&png, sig[i]);
	put_chunk(&png, "IHDR", ihdr.p, ihdr.n);
	put_chunk(&png, "IDAT", z.p, z.n);
	put_chunk(&png, "IEND", NULL, 0);
	free(ihdr.p);
	free(z.p);
	if (png.failed || ihdr.failed) {
		free(png.p);
		return -1;
	}
	*out = png.p;
	*len = png.n;
	return 0;
}

int gfx_png_write(const char *path, const uint8_t *rgb, int w, int h, size_t stride,
                  char *err, size_t len)
{
	uint8_t *png;
	size_t n;
	int rc;

	if (gfx_png_encode(rgb, w, h, stride, &png, &n) != 0) {
		snprintf(err, len, "cannot write '%s': out of memory", path);
		return -1;
	}
	rc = out_file_put(path, png, n, err, len);
	free(png);
	return rc;
}
