package io.orderflow.observability;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.context.Context;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultThreadPoolFactory;
import org.apache.camel.util.concurrent.RejectableScheduledThreadPoolExecutor;
import org.apache.camel.util.concurrent.RejectableThreadPoolExecutor;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;

/**
 * Camel's thread pools, whose every task starts without a current trace. camel-opentelemetry2 4.17 makes a span
 * current on the thread where it starts and closes that scope on the thread where it ends; when an exchange goes
 * on on another thread (a JetStream publish ack, say) the first thread keeps the span as current, and a log line
 * written there later, for another message, would carry a trace id that is not its own. A task that starts clean
 * logs the trace of the exchange it runs, or none. (Camel after 4.17 no longer keeps spans current on threads.)
 */
public class TraceContextThreadPools extends DefaultThreadPoolFactory {

    /** As {@link java.util.concurrent.Executors#newCachedThreadPool(ThreadFactory)} makes it (the default factory's). */
    @Override
    public ExecutorService newCachedThreadPool(ThreadFactory threadFactory) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threadFactory) {
            @Override
            protected void beforeExecute(Thread thread, Runnable task) {
                startClean();
                super.beforeExecute(thread, task);
            }
        };
    }

    /** As {@link DefaultThreadPoolFactory} makes it, with tasks that start without a current trace. */
    @Override
    public ExecutorService newThreadPool(int corePoolSize, int maxPoolSize, long keepAliveTime, TimeUnit timeUnit,
            int maxQueueSize, boolean allowCoreThreadTimeOut, RejectedExecutionHandler rejectedExecutionHandler,
            ThreadFactory threadFactory) {
        if (corePoolSize < 0 || maxPoolSize < corePoolSize) {
            // the default factory names what is wrong
            return super.newThreadPool(corePoolSize, maxPoolSize, keepAliveTime, timeUnit, maxQueueSize,
                    allowCoreThreadTimeOut, rejectedExecutionHandler, threadFactory);
        }
        BlockingQueue<Runnable> queue = maxQueueSize <= 0 ? new SynchronousQueue<>() : new LinkedBlockingQueue<>(maxQueueSize);
        int core = corePoolSize == 0 && maxQueueSize <= 0 ? 1 : corePoolSize;
        int max = corePoolSize == 0 && maxQueueSize <= 0 ? 1 : maxPoolSize;
        ThreadPoolExecutor pool = new CleanThreadPoolExecutor(core, max, keepAliveTime, timeUnit, queue, threadFactory);
        pool.allowCoreThreadTimeOut(allowCoreThreadTimeOut);
        pool.setRejectedExecutionHandler(rejectedExecutionHandler != null ? rejectedExecutionHandler
                : new ThreadPoolExecutor.CallerRunsPolicy());
        return pool;
    }

    @Override
    public ScheduledExecutorService newScheduledThreadPool(ThreadPoolProfile profile, ThreadFactory threadFactory) {
        RejectedExecutionHandler rejected = profile.getRejectedExecutionHandler() != null ? profile.getRejectedExecutionHandler()
                : new ThreadPoolExecutor.CallerRunsPolicy();
        ScheduledThreadPoolExecutor pool = new RejectableScheduledThreadPoolExecutor(profile.getPoolSize(), threadFactory, rejected) {
            @Override
            protected void beforeExecute(Thread thread, Runnable task) {
                startClean();
                super.beforeExecute(thread, task);
            }
        };
        pool.setRemoveOnCancelPolicy(true);
        return profile.getMaxPoolSize() > 0 ? new SizedScheduledExecutorService(pool, profile.getMaxQueueSize()) : pool;
    }

    /** Nothing current: the scope is left open on purpose, as the root is what the thread should hold. */
    static void startClean() {
        Context.root().makeCurrent();
    }

    private static final class CleanThreadPoolExecutor extends RejectableThreadPoolExecutor {

        CleanThreadPoolExecutor(int core, int max, long keepAlive, TimeUnit unit, BlockingQueue<Runnable> queue,
                ThreadFactory threadFactory) {
            super(core, max, keepAlive, unit, queue, threadFactory);
        }

        @Override
        protected void beforeExecute(Thread thread, Runnable task) {
            startClean();
            super.beforeExecute(thread, task);
        }
    }
}
