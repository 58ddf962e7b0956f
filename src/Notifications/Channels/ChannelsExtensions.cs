using Alliance.Messaging.DueWork;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Alliance.Notifications.Channels;

internal static class ChannelsExtensions
{
    public const string SmsKind = "Notifications:Channels:Sms:Kind";
    public const string WeChatKind = "Notifications:Channels:WeChat:Kind";

    /// <summary>
    /// The outside channels the configuration names (<c>Notifications:Channels:Sms:Kind</c>: development,
    /// aliyun or none; <c>Notifications:Channels:WeChat:Kind</c>: development, wechat or none; none unless
    /// set), the delivery that sends through them, and Identity's <c>GetContact</c> for the addresses.
    /// </summary>
    public static void AddNotificationChannels(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        switch (KindOf(builder.Configuration, SmsKind))
        {
            case "development":
                services.AddSingleton<INotificationChannel>(sp => new DevelopmentChannel(
                    ChannelNames.Sms, sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<TimeProvider>()));
                break;
            case "aliyun":
                var sms = builder.Configuration.GetSection(AliyunSmsOptions.Section).Get<AliyunSmsOptions>() ?? new AliyunSmsOptions();
                sms.Validate();
                services.Configure<AliyunSmsOptions>(builder.Configuration.GetSection(AliyunSmsOptions.Section));
                ProviderClient(services, AliyunSmsChannel.ClientName);
                services.AddSingleton<INotificationChannel, AliyunSmsChannel>();
                break;
            case "none":
                break;
            case var other:
                throw new InvalidOperationException($"{SmsKind} is '{other}': development, aliyun or none.");
        }

        switch (KindOf(builder.Configuration, WeChatKind))
        {
            case "development":
                services.AddSingleton<INotificationChannel>(sp => new DevelopmentChannel(
                    ChannelNames.WeChat, sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<TimeProvider>()));
                break;
            case "wechat":
                var wechat = builder.Configuration.GetSection(WeChatOptions.Section).Get<WeChatOptions>() ?? new WeChatOptions();
                wechat.Validate();
                services.Configure<WeChatOptions>(builder.Configuration.GetSection(WeChatOptions.Section));
                ProviderClient(services, WeChatTemplateChannel.ClientName);
                services.AddSingleton<INotificationChannel, WeChatTemplateChannel>();
                break;
            case "none":
                break;
            case var other:
                throw new InvalidOperationException($"{WeChatKind} is '{other}': development, wechat or none.");
        }

        services.AddScoped<Contacts>();
        services.AddScoped<IDueWorkHandler, ChannelDelivery>();
    }

    /// <summary><c>GET /notifications/dev/sent</c>, only where SMS goes to the development channel.</summary>
    public static void MapChannelsApi(this WebApplication app)
    {
        if (KindOf(app.Configuration, SmsKind) == "development")
        {
            app.MapDevSentApi();
        }
    }

    private static string KindOf(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } kind ? kind.Trim().ToLowerInvariant() : "none";

    /// <summary>
    /// A provider's client without the default resilience handlers: a failed send is retried by the
    /// delivery's due work, with its back-off, and a retry inside one attempt could send twice.
    /// </summary>
    private static void ProviderClient(IServiceCollection services, string name)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: the supported way to take back the defaults.
        services.AddHttpClient(name, client => client.Timeout = TimeSpan.FromSeconds(10)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
