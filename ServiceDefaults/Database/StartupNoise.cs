using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Database;

/// <summary>What a service logs as an error while it starts that is no error: filtered out until its database is ready.</summary>
internal static class StartupNoise
{
    private static readonly string[] Categories =
    [
        "Microsoft.Extensions.Diagnostics.HealthChecks",
        "Microsoft.EntityFrameworkCore.Database.Connection",
        "Microsoft.EntityFrameworkCore.Database.Command",
        "Microsoft.EntityFrameworkCore.Migrations",
    ];

    /// <summary>
    /// Adds one rule per noisy category that keeps the level configuration gives it and drops its warnings and
    /// errors until <paramref name="isReady"/>. A rule without a category would outrank <c>Default</c> for every
    /// other category and, having no level of its own, let all of them log at Debug.
    /// </summary>
    public static void Quiet(LoggerFilterOptions options, Func<bool> isReady)
    {
        foreach (var category in Categories)
        {
            options.Rules.Add(new LoggerFilterRule(
                providerName: null, category, ConfiguredLevel(options, category),
                (_, _, level) => level < LogLevel.Warning || isReady()));
        }
    }

    /// <summary>The level the configuration's provider-independent rules give the category: its longest matching prefix, else Default.</summary>
    private static LogLevel? ConfiguredLevel(LoggerFilterOptions options, string category) =>
        options.Rules
            .Where(rule => rule.ProviderName is null && rule.Filter is null
                && (rule.CategoryName is null || category.StartsWith(rule.CategoryName, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(rule => rule.CategoryName?.Length ?? -1)
            .Select(rule => rule.LogLevel)
            .LastOrDefault(options.MinLevel);
}
