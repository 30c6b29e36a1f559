// A librkllmrt.so that says it is 1.2.3 but lacks most of the API: the rk backend must
// refuse it by naming what is missing, never call into it.

extern "C" {

__attribute__((used)) const char kCamchatPartialVersion[] = "rkllm-runtime version: 1.2.3";

__attribute__((visibility("default"))) int rkllm_init(void **, void *, void *)
{
    return -1;
}

__attribute__((visibility("default"))) int rkllm_run(void *, void *, void *, void *)
{
    return -1;
}

} // extern "C"
