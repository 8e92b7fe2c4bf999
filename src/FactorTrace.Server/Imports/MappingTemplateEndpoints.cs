using FactorTrace.Data;
using FactorTrace.Data.Imports;
using FactorTrace.Import;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Imports;

/// <summary>The tenant's named column mappings: list, create or replace by name, read, delete.</summary>
internal static class MappingTemplateEndpoints
{
    public static RouteGroupBuilder MapMappingTemplateEndpoints(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/mapping-templates").WithTags("Imports");
        templates.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: "application/json");
        templates.MapPost("/", SaveAsync).RequireAuthorization(Policies.Editor).Accepts<TemplateBody>("application/json").Produces(StatusCodes.Status201Created, contentType: "application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("Creates a template (201), or replaces the one with the same name (200).");
        templates.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Reader);
        templates.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Editor).Produces(StatusCodes.Status204NoContent);
        return api;
    }

    private static async Task<IResult> ListAsync(FactorTraceDb db, CancellationToken cancellationToken)
    {
        var items = await db.MappingTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = items.Select(TemplateView.From), total = items.Count });
    }

    private static async Task<IResult> GetAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var template = await db.MappingTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken).ConfigureAwait(false);
        return template is null
            ? await guard.NotFoundAsync(tenant.Caller, "mapping_template", id, cancellationToken).ConfigureAwait(false)
            : TypedResults.Ok(TemplateView.From(template));
    }

    private static async Task<IResult> SaveAsync(HttpRequest request, TenantContext tenant, FactorTraceDb db, ImportService imports, AuditLog audit, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<TemplateBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body.Value!.Name) || body.Value.Mapping is null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Give a name and a mapping.", string.IsNullOrWhiteSpace(body.Value.Name) ? "name" : "mapping");
        }

        try
        {
            var mapping = ImportService.CheckTemplate(body.Value.Mapping);
            var template = await imports.SaveTemplateAsync(db, tenant.TenantId, body.Value.Name.Trim(), mapping, cancellationToken,
                audit: t => audit.Event(tenant.Caller, "mapping_template.save", "mapping_template", t.Id.ToString(), t.Name)).ConfigureAwait(false);
            return template.CreatedAt == template.UpdatedAt
                ? TypedResults.Created($"/api/v1/mapping-templates/{template.Id}", TemplateView.From(template))
                : TypedResults.Ok(TemplateView.From(template));
        }
        catch (ImportException ex)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, ex.Code == "invalid_template" ? "name" : "mapping");
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!await ImportService.DeleteTemplateAsync(db, id, cancellationToken, () => audit.Event(tenant.Caller, "mapping_template.delete", "mapping_template", id.ToString()))
            .ConfigureAwait(false))
        {
            return await guard.NotFoundAsync(tenant.Caller, "mapping_template", id, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.NoContent();
    }
}

/// <summary>A template as sent.</summary>
internal sealed record TemplateBody(string? Name, ImportMapping? Mapping);

/// <summary>A template as returned.</summary>
internal sealed record TemplateView(Guid Id, string Name, ImportMapping Mapping, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static TemplateView From(MappingTemplate t) => new(t.Id, t.Name, ImportJson.ReadMapping(t.Mapping), t.CreatedAt, t.UpdatedAt);
}
