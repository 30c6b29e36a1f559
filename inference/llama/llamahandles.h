#pragma once

// Owning handles for llama.cpp's and libmtmd's C objects: each frees its object exactly
// once, in the right function, whatever path leaves the scope. The types stay opaque
// here, so headers that hold handles need not include llama.h or mtmd.h.

#include <memory>

struct llama_model;
struct llama_context;
struct llama_sampler;
struct mtmd_context;
struct mtmd_bitmap;
struct mtmd_input_chunks;
struct ggml_threadpool;

namespace camchat::inference {

struct LlamaFree {
    void operator()(llama_model *model) const;
    void operator()(llama_context *context) const;
    void operator()(llama_sampler *sampler) const;
    void operator()(mtmd_context *context) const;
    void operator()(mtmd_bitmap *bitmap) const;
    void operator()(mtmd_input_chunks *chunks) const;
    void operator()(ggml_threadpool *threadpool) const;
};

using ModelHandle = std::unique_ptr<llama_model, LlamaFree>;
using ContextHandle = std::unique_ptr<llama_context, LlamaFree>;
using SamplerHandle = std::unique_ptr<llama_sampler, LlamaFree>;
using MtmdHandle = std::unique_ptr<mtmd_context, LlamaFree>;
using BitmapHandle = std::unique_ptr<mtmd_bitmap, LlamaFree>;
using ChunksHandle = std::unique_ptr<mtmd_input_chunks, LlamaFree>;
using ThreadpoolHandle = std::unique_ptr<ggml_threadpool, LlamaFree>;

} // namespace camchat::inference
