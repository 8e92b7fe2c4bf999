using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Server.Datasets;
using FactorTrace.Server.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Web.Pages.Factors;

/// <summary>The datasets, their licences and what was loaded of each (<c>GET /api/v1/datasets</c>).</summary>
internal sealed class DatasetsModel(DatasetLoader loader, DatasetCatalogue catalogue, IOptions<DatasetsOptions> options) : PageModel
{
    public DatasetsView? View { get; private set; }

    public void OnGet() => View = DatasetEndpoints.View(Caller.From(User), loader, catalogue, options.Value);
}
