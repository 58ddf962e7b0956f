using Microsoft.Extensions.Logging;

namespace Alliance.Messaging;

/// <summary>
/// Logs a background loop's failures once when they start and once when they stop, not every
/// round: a database that is away for an hour is one warning, not thousands.
/// </summary>
internal sealed class OutageLog(ILogger logger, string loop)
{
    private bool failing;

    public void Failed(Exception exception)
    {
        if (!failing)
        {
            failing = true;
            logger.LogWarning(exception, "{Loop} is failing; it keeps retrying and logs again when it recovers", loop);
        }
    }

    public void Succeeded()
    {
        if (failing)
        {
            failing = false;
            logger.LogInformation("{Loop} has recovered", loop);
        }
    }
}
