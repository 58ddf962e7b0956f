using System.Linq.Expressions;

namespace Alliance.Needs.Board;

/// <summary>One weekly slot of a volunteer's availability: an ISO day (1 Monday … 7 Sunday) and minutes of that day, Asia/Shanghai.</summary>
internal sealed record AvailableSlot(int IsoDay, int FromMinute, int ToMinute);

/// <summary>
/// When a volunteer is usually free, and whether a need's wanted window meets it: the window and some
/// weekly slot overlap. The rule is one expression, so the board's query ranks by it in the database and
/// <see cref="IsMetBy"/> gives the same answer in memory.
/// </summary>
internal sealed class WeeklyAvailability
{
    public const int MinutesPerWeek = 7 * 24 * 60;

    // Shanghai keeps no daylight saving: its week is UTC's shifted by eight hours.
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    // A slot's start and end in its week, packed into one number so the database gets one array parameter.
    private const long Pack = 100_000;

    private readonly Func<Need, bool> compiled;

    public WeeklyAvailability(IEnumerable<AvailableSlot> slots)
    {
        // Each slot as it falls in the need's starting week and in the week after: a window starts in one
        // week and, being at most a week long, may reach into the next.
        var spans = slots.Where(s => s.IsoDay is >= 1 and <= 7 && s.FromMinute < s.ToMinute).SelectMany(s =>
        {
            long start = ((s.IsoDay - 1) * 24 * 60) + s.FromMinute;
            var end = start + s.ToMinute - s.FromMinute;
            return new[] { (start * Pack) + end, ((start + MinutesPerWeek) * Pack) + end + MinutesPerWeek };
        }).ToList();
        Meets = need => spans.Any(s => s / Pack < need.WantedWeekMinute + need.WantedMinutes && need.WantedWeekMinute < s % Pack);
        compiled = Meets.Compile();
    }

    /// <summary>Whether a need's wanted window meets one of the slots; for queries.</summary>
    public Expression<Func<Need, bool>> Meets { get; }

    public bool IsMetBy(Need need) => compiled(need);

    /// <summary>Where an instant falls in its Shanghai week: minutes after Monday 00:00.</summary>
    public static int WeekMinuteOf(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Shanghai);
        var day = ((int)local.DayOfWeek + 6) % 7;
        return (day * 24 * 60) + (local.Hour * 60) + local.Minute;
    }

    /// <summary>A window's length in whole minutes, at most a week.</summary>
    public static int MinutesOf(DateTimeOffset from, DateTimeOffset until) =>
        (int)Math.Clamp(Math.Ceiling((until - from).TotalMinutes), 0, MinutesPerWeek);

    /// <summary>
    /// The shape of a ranked row with whether the need meets this availability filled in, for a query's
    /// <c>Select</c>: <paramref name="shape"/> gets the need and the answer.
    /// </summary>
    public Expression<Func<Need, T>> Into<T>(Expression<Func<Need, bool, T>> shape)
    {
        var need = shape.Parameters[0];
        var meets = new Replace(Meets.Parameters[0], need).Visit(Meets.Body);
        return Expression.Lambda<Func<Need, T>>(new Replace(shape.Parameters[1], meets).Visit(shape.Body), need);
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
