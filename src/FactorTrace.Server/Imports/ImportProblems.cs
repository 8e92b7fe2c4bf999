using FactorTrace.Import;
using FactorTrace.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactorTrace.Server.Imports;

/// <summary>How an <see cref="ImportException"/> is answered over HTTP: its code decides the status, in one place.</summary>
internal static class ImportProblems
{
    /// <summary>The problem response for an import refused by its kind: 413, 409 or 422 with the field it concerns.</summary>
    public static ProblemHttpResult For(ImportException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Code switch
        {
            "file_too_large" => Problems.Create(StatusCodes.Status413PayloadTooLarge, ex.Code, ex.Message, "file"),
            "duplicate_import" or "import_not_editable" or "import_not_committed" => Problems.Create(StatusCodes.Status409Conflict, ex.Code, ex.Message),
            "template_not_found" => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "template"),
            "invalid_mapping" => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "mapping"),
            "invalid_template" => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "save_as_template"),
            "invalid_patch" => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "cells"),
            _ => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "file"),
        };
    }
}
