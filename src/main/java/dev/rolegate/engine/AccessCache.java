package dev.rolegate.engine;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A snapshot's effective access per distinct permission set (by bitset id), in pages of
 * {@value #PAGE} entries that a patched snapshot shares with the snapshot it was patched from.
 *
 * <p>An entry depends only on the catalog and the bitset's content. A patched snapshot with its
 * base's catalog keeps its base's bitsets at the same ids (the patcher only appends), so the
 * pages that lie wholly below the first id where the two differ are shared: an entry either
 * snapshot fills is the other's too (a precompute running on the base still serves the patched
 * one), and a patch copies a page index, not every entry. The page holding that first difference
 * is copied, later pages start empty. Entries are written with {@code lazySet}: racing readers
 * compute equal values at worst. Thread safe.
 */
final class AccessCache {

    static final int PAGE_BITS = 10;
    static final int PAGE = 1 << PAGE_BITS;

    private final AtomicReferenceArray<EffectiveAccess>[] pages;
    /** Ids below this are shared with the cache this one was derived from (0 for a fresh cache). */
    private final int sharedBelow;

    private AccessCache(AtomicReferenceArray<EffectiveAccess>[] pages, int sharedBelow) {
        this.pages = pages;
        this.sharedBelow = sharedBelow;
    }

    /** An empty cache for {@code size} ids. */
    static AccessCache empty(int size) {
        AtomicReferenceArray<EffectiveAccess>[] pages = newPages(size);
        for (int p = 0; p < pages.length; p++) {
            pages[p] = new AtomicReferenceArray<>(PAGE);
        }
        return new AccessCache(pages, 0);
    }

    /**
     * A cache for bitsets {@code next} that shares this one's entries for the ids where
     * {@code next} holds the same bitset objects as {@code previous} (this cache's bitsets), at
     * page granularity.
     */
    AccessCache derive(long[][] previous, long[][] next) {
        int same = 0;
        int limit = Math.min(previous.length, next.length);
        while (same < limit && previous[same] == next[same]) {
            same++;
        }
        AtomicReferenceArray<EffectiveAccess>[] derived = newPages(next.length);
        int fullPages = same >>> PAGE_BITS;
        for (int p = 0; p < derived.length; p++) {
            if (p < fullPages) {
                derived[p] = pages[p];
            } else {
                AtomicReferenceArray<EffectiveAccess> page = new AtomicReferenceArray<>(PAGE);
                if (p == fullPages && p < pages.length) {
                    for (int i = 0; i < same - (p << PAGE_BITS); i++) {
                        page.lazySet(i, pages[p].get(i));
                    }
                }
                derived[p] = page;
            }
        }
        return new AccessCache(derived, fullPages << PAGE_BITS);
    }

    EffectiveAccess get(int id) {
        return pages[id >>> PAGE_BITS].get(id & (PAGE - 1));
    }

    void set(int id, EffectiveAccess access) {
        pages[id >>> PAGE_BITS].lazySet(id & (PAGE - 1), access);
    }

    /** The first id whose entry this cache does not share with the one it was derived from. */
    int sharedBelow() {
        return sharedBelow;
    }

    @SuppressWarnings("unchecked")
    private static AtomicReferenceArray<EffectiveAccess>[] newPages(int size) {
        return new AtomicReferenceArray[(size + PAGE - 1) >>> PAGE_BITS];
    }
}
