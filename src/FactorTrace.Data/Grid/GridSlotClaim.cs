namespace FactorTrace.Data.Grid;

/// <summary>
/// A scheduler slot taken by one instance: inserted once per (job, slot), held under a lease, marked completed. An
/// instance that dies while holding it lets the lease lapse and another takes the slot over.
/// </summary>
public sealed class GridSlotClaim
{
    /// <summary>The job.</summary>
    public string Job { get; set; } = "";

    /// <summary>Slot start, Unix seconds.</summary>
    public long SlotUnix { get; set; }

    /// <summary>The instance holding or having completed it.</summary>
    public string Owner { get; set; } = "";

    /// <summary>Until when the owner holds it, Unix seconds.</summary>
    public long LeaseUntilUnix { get; set; }

    /// <summary>When it completed, Unix seconds (null while not done).</summary>
    public long? CompletedAtUnix { get; set; }

    /// <summary>How many instances took it (more than one only after a lease lapsed).</summary>
    public int Attempts { get; set; }
}
