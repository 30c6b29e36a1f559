#include "llamahandles.h"

#include <ggml-cpu.h>
#include <llama.h>
#include <mtmd.h>

namespace camchat::inference {

void LlamaFree::operator()(llama_model *model) const
{
    llama_model_free(model);
}

void LlamaFree::operator()(llama_context *context) const
{
    llama_free(context);
}

void LlamaFree::operator()(llama_sampler *sampler) const
{
    llama_sampler_free(sampler);
}

void LlamaFree::operator()(mtmd_context *context) const
{
    mtmd_free(context);
}

void LlamaFree::operator()(mtmd_bitmap *bitmap) const
{
    mtmd_bitmap_free(bitmap);
}

void LlamaFree::operator()(mtmd_input_chunks *chunks) const
{
    mtmd_input_chunks_free(chunks);
}

void LlamaFree::operator()(ggml_threadpool *threadpool) const
{
    ggml_threadpool_free(threadpool);
}

} // namespace camchat::inference
