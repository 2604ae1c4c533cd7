import { test } from '@playwright/test';
const links = [
  `/#view=map&${Array.from({ length: 3000 }, (_, i) => `trials=${i % 7 + 1}`).join('&')}`,
  `/?${Array.from({ length: 300 }, (_, i) => `seed=${i}`).join('&')}`,
  `/#view=lesson&lesson=zhong&lesson=zz&step=2&step=1e-400`,
  `/#view=lesson&lesson=zhong&step=2&step=3`,
];
for (const q of links) {
  test(q.slice(0, 50), async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const t0 = Date.now();
    await page.goto(q);
    await page.waitForTimeout(2500);
    const t = Date.now() - t0;
    const text = await page.evaluate(() => Array.from(document.querySelectorAll('.info, .warning, .error, [role=alert], [role=status]')).map((e) => e.textContent?.slice(0, 200)).filter(Boolean).join(' | '));
    console.log('H', q.slice(0, 40), t, 'ms', text.slice(0, 900), errors.join(';'));
  });
}
