using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>
/// Problems speak the caller's language: zh-CN by default, English on <c>Accept-Language: en</c>
/// (or <c>en-US</c>, ...). The English is the call site's text; the Chinese comes from the app's
/// <c>Resources/Problems.zh-CN.resx</c>, then ServiceDefaults' own for the shared texts.
/// </summary>
public static class ProblemLanguage
{
    /// <summary>Where a problem carries its <see cref="ProblemText"/>s to the writer, which removes the entry.</summary>
    public const string TextsKey = "alliance.texts";

    /// <summary>The base name of the resources: <c>{app root namespace}.Resources.Problems</c>.</summary>
    public const string ResourceName = "Problems";

    public static CultureInfo Chinese { get; } = CultureInfo.GetCultureInfo("zh-CN");

    public static CultureInfo English { get; } = CultureInfo.GetCultureInfo("en");

    public static IServiceCollection AddProblemLanguages(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<ProblemTranslator>();
        // Only the words change: formatting keeps the process's own culture, as before, so no
        // number, date or comparison elsewhere in a request turns Chinese behind the code's back.
        var formatting = CultureInfo.CurrentCulture;
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(formatting, Chinese);
            options.SupportedCultures = [formatting];
            options.SupportedUICultures = [Chinese, English];
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    public static WebApplication UseProblemLanguages(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    /// <summary>Whether the language asked for is English; anything else is answered in Chinese.</summary>
    public static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";
}

/// <summary>A problem's title and detail as written, on their way to the writer.</summary>
internal sealed record ProblemTexts(ProblemText Title, ProblemText? Detail);
