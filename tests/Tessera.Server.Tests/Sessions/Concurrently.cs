namespace Tessera.Server.Tests.Sessions;

/// <summary>
/// Runs actions on dedicated threads released together by a barrier, so races are
/// real without starving the thread pool (Parallel.For with a blocking barrier
/// would wait for the pool to grow one thread at a time).
/// </summary>
internal static class Concurrently
{
    public static void Run(int count, Action<int> action)
    {
        using var go = new Barrier(count);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            var index = i;
            threads[i] = new Thread(() =>
            {
                try
                {
                    go.SignalAndWait();
                    action(index);
                }
                catch (Exception ex)
                {
                    errors.Enqueue(ex);
                }
            });
            threads[i].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        if (!errors.IsEmpty)
        {
            throw new AggregateException(errors);
        }
    }

    public static void Run(params Action[] actions) => Run(actions.Length, i => actions[i]());
}
