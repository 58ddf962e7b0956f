namespace Alliance.Points.Recognition;

/// <summary>A volunteer a street admin picked for a year's stars list, from the candidates the figures proposed.</summary>
internal sealed class Star
{
    public int Year { get; set; }

    public Guid VolunteerId { get; set; }

    /// <summary>The points the volunteer had earned in the year when picked.</summary>
    public long Points { get; set; }

    public string? Citation { get; set; }

    public Guid PickedBy { get; set; }

    public DateTimeOffset PickedAt { get; set; }
}
