using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>
/// Puts a problem's title and detail in the request's language just before it is written. A text
/// with no Chinese translation is never answered in English under zh-CN: the title falls back to the
/// catalogue's title for the code, the detail is left out, and the missing text is logged once.
/// </summary>
internal sealed partial class ProblemTranslator
{
    private readonly IStringLocalizer[] resources;
    private readonly ConcurrentDictionary<string, bool> reported = new(StringComparer.Ordinal);
    private readonly ILogger<ProblemTranslator> logger;

    public ProblemTranslator(IStringLocalizerFactory factory, IHostEnvironment environment, ILogger<ProblemTranslator> logger)
    {
        this.logger = logger;
        var shared = typeof(ProblemTranslator).Assembly.GetName().Name!;
        resources = new[] { environment.ApplicationName, shared }
            .Where(name => !string.IsNullOrEmpty(name))
            .Distinct(StringComparer.Ordinal)
            .Select(name => TryCreate(factory, name))
            .OfType<IStringLocalizer>()
            .ToArray();
    }

    public void Translate(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var texts = problem.Extensions.TryGetValue(ProblemLanguage.TextsKey, out var carried) && carried is ProblemTexts written
            ? written
            : new ProblemTexts(problem.Title ?? "", problem.Detail);
        problem.Extensions.Remove(ProblemLanguage.TextsKey);

        var language = context.HttpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? ProblemLanguage.Chinese;
        var english = ProblemLanguage.IsEnglish(language);
        if (!context.HttpContext.Response.HasStarted)
        {
            context.HttpContext.Response.Headers.ContentLanguage = english ? "en" : ProblemLanguage.Chinese.Name;
        }

        var code = problem.Extensions.TryGetValue("code", out var value) ? value as string : null;
        // A status the framework has no title for (413, 429) leaves it empty: the code's title then.
        var catalogued = ProblemCatalogue.Title(code, language) ?? ProblemCatalogue.Title(ErrorCodes.ForStatus(problem.Status ?? 500), language);
        if (english)
        {
            problem.Title = texts.Title.Key.Length > 0 ? texts.Title.ToString(ProblemLanguage.English) : catalogued;
            problem.Detail = texts.Detail?.ToString(ProblemLanguage.English);
            return;
        }

        problem.Title = (texts.Title.Key.Length > 0 ? InChinese(texts.Title, code) : null) ?? catalogued;
        problem.Detail = texts.Detail is null ? null : InChinese(texts.Detail, code);
    }

    private string? InChinese(ProblemText text, string? code)
    {
        if (IsLanguageNeutral(text.Key))
        {
            return text.ToString(ProblemLanguage.Chinese);
        }

        var translation = Lookup(text.Key);
        if (translation is not null)
        {
            try
            {
                return text.Render(translation, ProblemLanguage.Chinese);
            }
            catch (FormatException)
            {
                // A translation with more holes than the text has arguments: as good as missing.
            }
        }

        if (reported.TryAdd(text.Key, true))
        {
            LogMissing(logger, text.Key, code);
        }

        return null;
    }

    private string? Lookup(string key)
    {
        // The localizers read the current UI culture; the answer's language is decided here, not by whoever runs this.
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = ProblemLanguage.Chinese;
        try
        {
            foreach (var resource in resources)
            {
                var found = resource[key];
                if (!found.ResourceNotFound)
                {
                    return found.Value;
                }
            }

            return null;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>Words of no language (an id, a number, only holes) need no translation: they read the same in both.</summary>
    private static bool IsLanguageNeutral(string key)
    {
        var words = Holes().Replace(key, "").Trim();
        return !words.Any(char.IsLetter) || Guid.TryParse(words, out _);
    }

    private static IStringLocalizer? TryCreate(IStringLocalizerFactory factory, string assembly)
    {
        try
        {
            return factory.Create(ProblemLanguage.ResourceName, assembly);
        }
        catch (IOException)
        {
            // The host's application name is not an assembly (a bare test host): only the shared texts then.
            return null;
        }
    }

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Holes();

    [LoggerMessage(LogLevel.Warning, "Problem text \"{Text}\" (code {Code}) has no zh-CN translation: the catalogue's title is answered instead")]
    private static partial void LogMissing(ILogger logger, string text, string? code);
}
