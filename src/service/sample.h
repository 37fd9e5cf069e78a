/*
 * sample.h - the first administrator and the sample instance shaped like
 * the Hưng Yên plan (docs/internals/api-contract.md, "Sample tree").
 */
#ifndef UC_SAMPLE_H
#define UC_SAMPLE_H

#include "core/status.h"
#include "service/ctx.h"

/* Create the root unit (HY with the sample, else ROOT named root_name),
 * the administrator "admin" with admin_pw, and with `sample` the tree and
 * a user per role with sample_pw. Runs as the system actor. */
enum uc_status uc_sample_init(struct uc_ctx *ctx, int sample,
    const char *root_name, const char *admin_pw, const char *sample_pw,
    struct uc_error *err) UC_WUR;
/* Has the instance been initialised (does any user exist)? */
enum uc_status uc_sample_initialised(struct uc_ctx *ctx, int *yes,
    struct uc_error *err) UC_WUR;

#endif
