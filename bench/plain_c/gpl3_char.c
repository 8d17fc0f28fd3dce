/* bench/plain_c/gpl3_char.c: see gpl3_char.h. The operations follow the book's PyTorch code
 * in the same order where that is the natural way to write it in C (LayerNorm: mean, then the
 * biased variance, then (x - mean) / sqrt(var + eps); scores divided by sqrt(head_dim) before
 * the softmax; GELU's tanh approximation), with the C library's expf, tanhf and sqrtf. */
#include "gpl3_char.h"

#include <math.h>

typedef struct {
  const float *wq, *wk, *wv, *wo, *bo; /* attention */
  const float *w1, *b1, *w2, *b2;      /* FeedForward */
  const float *n1s, *n1b, *n2s, *n2b; /* norm1, norm2 */
} layer_weights;

#if GPL3_CHAR_N_LAYERS != 2
#error "the layer table below lists 2 layers"
#endif
#define LAYER(i)                                                                                  \
  {gpl3_char_trf_blocks_##i##_att_W_query_weight, gpl3_char_trf_blocks_##i##_att_W_key_weight,    \
   gpl3_char_trf_blocks_##i##_att_W_value_weight, gpl3_char_trf_blocks_##i##_att_out_proj_weight, \
   gpl3_char_trf_blocks_##i##_att_out_proj_bias,  gpl3_char_trf_blocks_##i##_ff_layers_0_weight,  \
   gpl3_char_trf_blocks_##i##_ff_layers_0_bias,   gpl3_char_trf_blocks_##i##_ff_layers_2_weight,  \
   gpl3_char_trf_blocks_##i##_ff_layers_2_bias,   gpl3_char_trf_blocks_##i##_norm1_scale,         \
   gpl3_char_trf_blocks_##i##_norm1_shift,        gpl3_char_trf_blocks_##i##_norm2_scale,         \
   gpl3_char_trf_blocks_##i##_norm2_shift}
static const layer_weights layers[GPL3_LAYERS] = {LAYER(0), LAYER(1)};

/* out[i] = sum_j w[i][j] x[j] (+ b[i]); w is torch's [n, d] weight, row-major. */
static void matmul(float* out, const float* x, const float* w, const float* b, int n, int d) {
  for (int i = 0; i < n; i++) {
    float sum = 0.0f;
    for (int j = 0; j < d; j++) sum += w[i * d + j] * x[j];
    out[i] = b ? sum + b[i] : sum;
  }
}

static void layernorm(float* out, const float* x, const float* scale, const float* shift) {
  float mean = 0.0f;
  for (int j = 0; j < GPL3_EMB; j++) mean += x[j];
  mean /= (float)GPL3_EMB;
  float var = 0.0f;
  for (int j = 0; j < GPL3_EMB; j++) var += (x[j] - mean) * (x[j] - mean);
  var /= (float)GPL3_EMB;
  const float denom = sqrtf(var + 1e-5f);
  for (int j = 0; j < GPL3_EMB; j++) out[j] = scale[j] * ((x[j] - mean) / denom) + shift[j];
}

static void softmax(float* x, int n) {
  float max = x[0];
  for (int i = 1; i < n; i++)
    if (x[i] > max) max = x[i];
  float sum = 0.0f;
  for (int i = 0; i < n; i++) {
    x[i] = expf(x[i] - max);
    sum += x[i];
  }
  for (int i = 0; i < n; i++) x[i] /= sum;
}

static float gelu(float x) {
  const float k = 0.7978845608028654f; /* sqrt(2 / pi) */
  return 0.5f * x * (1.0f + tanhf(k * (x + 0.044715f * (x * x * x))));
}

void gpl3_forward(gpl3_state* s, int token, int pos) {
  const int head_dim = GPL3_EMB / GPL3_HEADS;
  const float inv_scale = sqrtf((float)head_dim);
  for (int j = 0; j < GPL3_EMB; j++)
    s->x[j] = gpl3_char_tok_emb_weight[token * GPL3_EMB + j] + gpl3_char_pos_emb_weight[pos * GPL3_EMB + j];
  for (int l = 0; l < GPL3_LAYERS; l++) {
    const layer_weights* w = &layers[l];
    /* attention */
    layernorm(s->xb, s->x, w->n1s, w->n1b);
    matmul(s->q, s->xb, w->wq, 0, GPL3_EMB, GPL3_EMB);
    matmul(s->key_cache[l][pos], s->xb, w->wk, 0, GPL3_EMB, GPL3_EMB);
    matmul(s->value_cache[l][pos], s->xb, w->wv, 0, GPL3_EMB, GPL3_EMB);
    for (int h = 0; h < GPL3_HEADS; h++) {
      const float* q = s->q + h * head_dim;
      for (int t = 0; t <= pos; t++) {
        const float* k = s->key_cache[l][t] + h * head_dim;
        float score = 0.0f;
        for (int i = 0; i < head_dim; i++) score += q[i] * k[i];
        s->att[t] = score / inv_scale;
      }
      softmax(s->att, pos + 1);
      float* c = s->ctx + h * head_dim;
      for (int i = 0; i < head_dim; i++) c[i] = 0.0f;
      for (int t = 0; t <= pos; t++) {
        const float* v = s->value_cache[l][t] + h * head_dim;
        for (int i = 0; i < head_dim; i++) c[i] += s->att[t] * v[i];
      }
    }
    matmul(s->xb2, s->ctx, w->wo, w->bo, GPL3_EMB, GPL3_EMB);
    for (int j = 0; j < GPL3_EMB; j++) s->x[j] += s->xb2[j];
    /* FeedForward */
    layernorm(s->xb, s->x, w->n2s, w->n2b);
    matmul(s->hb, s->xb, w->w1, w->b1, GPL3_HIDDEN, GPL3_EMB);
    for (int i = 0; i < GPL3_HIDDEN; i++) s->hb[i] = gelu(s->hb[i]);
    matmul(s->xb2, s->hb, w->w2, w->b2, GPL3_EMB, GPL3_HIDDEN);
    for (int j = 0; j < GPL3_EMB; j++) s->x[j] += s->xb2[j];
  }
  layernorm(s->xb, s->x, gpl3_char_final_norm_scale, gpl3_char_final_norm_shift);
  matmul(s->logits, s->xb, gpl3_char_out_head_weight, 0, GPL3_VOCAB, GPL3_EMB);
}

void gpl3_generate(gpl3_state* s, int* ids, int prompt_len, int max_new) {
  int cached = 0; /* positions of the window whose keys and values are in the cache */
  for (int n = prompt_len; n < prompt_len + max_new; n++) {
    const int start = n > GPL3_CTX ? n - GPL3_CTX : 0;
    if (start != 0) cached = 0; /* the window slid: every position moved */
    for (int pos = cached; pos < n - start; pos++) gpl3_forward(s, ids[start + pos], pos);
    cached = n - start;
    int best = 0;
    for (int i = 1; i < GPL3_VOCAB; i++)
      if (s->logits[i] > s->logits[best]) best = i;
    ids[n] = best;
  }
}
