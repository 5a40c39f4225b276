namespace Correlator.Service.Pipeline;

internal sealed partial class SignalPipeline
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Correlation state loaded: {Incidents} incidents not yet closed, {Signals} signal states, watermark {Watermark}")]
    private partial void LogLoaded(int incidents, int signals, string watermark);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Commit of a batch of {Items} requests failed; the senders were told and the state is reloaded from the store")]
    private partial void LogCommitFailed(Exception error, int items);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Critical, Message = "The correlation loop stopped; the service accepts no more signals until it is restarted")]
    private partial void LogLoopFailed(Exception error);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "An observer of committed batches failed; the batch itself is stored")]
    private partial void LogObserverFailed(Exception error);
}
