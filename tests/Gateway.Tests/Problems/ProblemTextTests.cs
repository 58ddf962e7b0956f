using System.Globalization;
using Alliance.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Alliance.Gateway.Tests.Problems;

public sealed class ProblemTextTests
{
    [Fact]
    public void AnInterpolation_IsKeptAsItsFormat_WithItsArguments()
    {
        var status = "Claimed";
        ProblemText text = $"Only a pending one; this one is {status}, {1234.5m:N0} {{kept}}.";

        Assert.Equal("Only a pending one; this one is {0}, {1:N0} {{kept}}.", text.Key);
        Assert.Equal("Only a pending one; this one is Claimed, 1,235 {kept}.", text.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("只有待审核的可以；当前为 Claimed，1,235。", text.Render("只有待审核的可以；当前为 {0}，{1:N0}。", CultureInfo.GetCultureInfo("zh-CN")));
    }

    [Fact]
    public void APlainString_IsItsOwnKey_BracesAndAll()
    {
        ProblemText text = "Call /volunteers/{id}/honour-hours instead.";

        Assert.Equal("Call /volunteers/{id}/honour-hours instead.", text.Key);
        Assert.Equal(text.Key, text.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AnUntranslatedText_AnswersTheCataloguesTitle_DropsTheDetail_AndWarnsOnce()
    {
        var logs = new CountingLogger();
        var translator = Translator(logs);

        var first = Translate(translator, null, ApiProblems.Details(409, ErrorCodes.TryAgain, "A text no one translated.", "Nor this."));
        var second = Translate(translator, null, ApiProblems.Details(409, ErrorCodes.TryAgain, "A text no one translated.", "Nor this."));

        Assert.Equal(ProblemCatalogue.All[ErrorCodes.TryAgain].Chinese, first.ProblemDetails.Title);
        Assert.Null(first.ProblemDetails.Detail);
        Assert.Equal(first.ProblemDetails.Title, second.ProblemDetails.Title);
        Assert.Equal(2, logs.Warnings);
        Assert.Equal("zh-CN", first.HttpContext.Response.Headers.ContentLanguage.ToString());
    }

    [Fact]
    public void InEnglish_TheCallSitesWordsAreAnswered()
    {
        var text = Translate(Translator(new CountingLogger()), "en", ApiProblems.Details(413, ErrorCodes.PayloadTooLarge, "Too big.", $"At most {1024} bytes."));

        Assert.Equal("Too big.", text.ProblemDetails.Title);
        Assert.Equal("At most 1024 bytes.", text.ProblemDetails.Detail);
        Assert.False(text.ProblemDetails.Extensions.ContainsKey(ProblemLanguage.TextsKey));
    }

    [Fact]
    public void IdsAndNumbers_NeedNoTranslation()
    {
        var id = Guid.CreateVersion7();
        var text = Translate(Translator(new CountingLogger()), null, ApiProblems.Details(422, "own_need", "A text no one translated.", id.ToString()));

        Assert.Equal(id.ToString(), text.ProblemDetails.Detail);
    }

    private static ProblemTranslator Translator(CountingLogger logs) => new(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance),
        new HostingEnvironment { ApplicationName = "Alliance.Gateway" },
        logs);

    private static ProblemDetailsContext Translate(ProblemTranslator translator, string? language, Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        var http = new DefaultHttpContext();
        if (language is not null)
        {
            var culture = CultureInfo.GetCultureInfo(language);
            http.Features.Set<IRequestCultureFeature>(new RequestCultureFeature(new RequestCulture(culture), null));
        }

        var context = new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem };
        translator.Translate(context);
        return context;
    }

    private sealed class CountingLogger : ILogger<ProblemTranslator>
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Warnings += logLevel == LogLevel.Warning ? 1 : 0;
    }
}
