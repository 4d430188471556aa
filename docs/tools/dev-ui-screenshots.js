// Screenshots of the Retry card's two Dev UI pages, reached by clicking through the Dev UI as a user does.
// Run by dev-ui-screenshots.sh; needs puppeteer-core and Debian's chromium.
const puppeteer = require('puppeteer-core');
const [base, out] = [process.argv[2], process.argv[3]];

async function openPage(page, title) {
    await page.goto(base + '/q/dev-ui/extensions', { waitUntil: 'networkidle0' });
    // the card's links are inside shadow roots: "pierce/" looks into them
    await page.waitForSelector('pierce/a[href*="quarkus-retry"]', { timeout: 20000 });
    for (const link of await page.$$('pierce/a[href*="quarkus-retry"]')) {
        if ((await link.evaluate(e => e.textContent)).includes(title)) {
            await link.click();
            await new Promise(r => setTimeout(r, 3000));
            await hideNotifications(page);
            return;
        }
    }
    throw new Error('The Retry card has no page ' + title);
}

// Dev UI's own toasts (for example the extension manager's, offline) would cover the tables
async function hideNotifications(page) {
    await page.addStyleTag({ content: 'vaadin-notification-container, vaadin-notification-card { display: none !important; }' });
}

async function click(page, label) {
    for (const button of await page.$$('pierce/vaadin-button')) {
        if ((await button.evaluate(e => e.textContent.trim())) === label) {
            await button.click();
            await new Promise(r => setTimeout(r, 3000));
            return;
        }
    }
    throw new Error('No button ' + label);
}

(async () => {
    const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true,
        args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage();
    await page.setViewport({ width: 1600, height: 900 });
    await openPage(page, 'Methods');
    await page.screenshot({ path: out + '/dev-ui-methods.png' });
    await openPage(page, 'Budgets & breakers');
    await click(page, 'Force open');           // shows the live "1 open" label
    await page.screenshot({ path: out + '/dev-ui-guards.png' });
    await click(page, 'Reset');
    await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
