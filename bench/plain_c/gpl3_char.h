/* bench/plain_c/gpl3_char.h: the character GPT of models/gpl3_char written in plain C, the
 * way llama2.c is written (float, straight loops, a key/value cache), as a baseline for
 * constformer. The weights come from gpl3_char_weights.h, which tools/safetensors_to_c.py
 * writes from models/gpl3_char/model.f32.safetensors at build time. */
#ifndef GPL3_CHAR_PLAIN_C_H
#define GPL3_CHAR_PLAIN_C_H

#include "gpl3_char_weights.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  GPL3_VOCAB = GPL3_CHAR_VOCAB_SIZE,
  GPL3_CTX = GPL3_CHAR_CONTEXT_LENGTH,
  GPL3_EMB = GPL3_CHAR_EMB_DIM,
  GPL3_HEADS = GPL3_CHAR_N_HEADS,
  GPL3_LAYERS = GPL3_CHAR_N_LAYERS,
  GPL3_HIDDEN = 4 * GPL3_CHAR_EMB_DIM
};

/* Everything the forward pass writes (llama2.c's RunState): the activations of one position,
 * and the keys and values of every position of the window, per layer. */
typedef struct {
  float x[GPL3_EMB];                /* the residual stream */
  float xb[GPL3_EMB];               /* a LayerNorm's output */
  float q[GPL3_EMB];                /* the query */
  float ctx[GPL3_EMB];              /* the heads' contexts */
  float xb2[GPL3_EMB];              /* a projection's output */
  float hb[GPL3_HIDDEN];            /* the FeedForward hidden layer */
  float att[GPL3_CTX];              /* one head's attention weights */
  float logits[GPL3_VOCAB];         /* the logits of the position */
  float key_cache[GPL3_LAYERS][GPL3_CTX][GPL3_EMB];
  float value_cache[GPL3_LAYERS][GPL3_CTX][GPL3_EMB];
} gpl3_state;

/* The logits of position `pos` of the window for `token`, into s->logits, reading the keys
 * and values of positions 0..pos-1 from the cache and storing this position's. */
void gpl3_forward(gpl3_state* s, int token, int pos);

/* Greedy generation as the book's generate_text_simple: `ids` holds `prompt_len` ids; appends
 * `max_new` ids (the argmax of the last position's logits, the first on ties) after them.
 * Each step computes one position from the cache while the window grows; once the window
 * (the last GPL3_CTX ids) slides, positions move and each step recomputes the window. */
void gpl3_generate(gpl3_state* s, int* ids, int prompt_len, int max_new);

#ifdef __cplusplus
}
#endif

#endif
