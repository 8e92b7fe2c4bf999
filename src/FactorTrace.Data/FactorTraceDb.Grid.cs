using FactorTrace.Data.Grid;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data;

/// <summary>Hourly grid intensity, its daily means, runs and scheduler slots: shared reference data, no tenant.</summary>
public sealed partial class FactorTraceDb
{
    /// <summary>Hourly grid points.</summary>
    public DbSet<GridPointRow> GridPoints => Set<GridPointRow>();

    /// <summary>Daily means kept after retention.</summary>
    public DbSet<GridDailyAverage> GridDailyAverages => Set<GridDailyAverage>();

    /// <summary>Ingestion and retention runs.</summary>
    public DbSet<GridRun> GridRuns => Set<GridRun>();

    /// <summary>Scheduler slots.</summary>
    public DbSet<GridSlotClaim> GridSlots => Set<GridSlotClaim>();

    private static void ConfigureGrid(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<GridPointRow>(e =>
        {
            e.ToTable("grid_points");
            e.HasKey(p => new { p.Zone, p.Signal, p.StartUnix });
            e.HasIndex(p => new { p.Origin, p.StartUnix });
            e.Property(p => p.Zone).HasMaxLength(64);
            e.Property(p => p.Signal).HasMaxLength(16);
            e.Property(p => p.Source).HasMaxLength(200);
            e.Property(p => p.Quality).HasMaxLength(16);
            e.Property(p => p.EstimationMethod).HasMaxLength(64);
            e.Property(p => p.Origin).HasMaxLength(16);
        });

        modelBuilder.Entity<GridDailyAverage>(e =>
        {
            e.ToTable("grid_daily_averages");
            e.HasKey(d => new { d.Zone, d.Signal, d.Day });
            e.Property(d => d.Zone).HasMaxLength(64);
            e.Property(d => d.Signal).HasMaxLength(16);
        });

        modelBuilder.Entity<GridRun>(e =>
        {
            e.ToTable("grid_runs");
            e.HasIndex(r => new { r.Job, r.StartedAt });
            e.Property(r => r.Job).HasMaxLength(32);
            e.Property(r => r.Instance).HasMaxLength(200);
            e.Property(r => r.Outcome).HasMaxLength(16);
        });

        modelBuilder.Entity<GridSlotClaim>(e =>
        {
            e.ToTable("grid_slots");
            e.HasKey(s => new { s.Job, s.SlotUnix });
            e.Property(s => s.Job).HasMaxLength(32);
            e.Property(s => s.Owner).HasMaxLength(200);
        });
    }
}
