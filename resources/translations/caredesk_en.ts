<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AgentStatePicker</name>
    <message>
        <source>Your state: paused agents are given no new members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lunch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coaching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchExport</name>
    <message>
        <source>Preparing the reports...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export premium care reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling: finishing the reports in progress...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written %1 of %2 reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled: %1 of %2 reports written to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 reports written to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 reports failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchExportDialog</name>
    <message>
        <source>Export premium care reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period must look like 2026-05.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder for the reports.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BrandPage</name>
    <message>
        <source>empty: the other name, else the packaged brand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the packaged logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brand name on Chinese reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brand name on English reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logo on reports (JPEG or PNG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same on every workstation: printed on every report and said in the call scripts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only administrators change the brand; it is the same on every workstation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the brand: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>packaged logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. Every workstation prints this brand from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The brand was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallControl</name>
    <message>
        <source>Phone ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>phone unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnecting to the phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dialling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not dialled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not dialled: an unexpected error (see the log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handed to the phone app: log the call by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>softphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ringing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>talking %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallController</name>
    <message>
        <source>Leave this call?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are on a call with %1. What you typed is not saved and will be lost. Leave the call?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter) or release (Ctrl+R) the current call first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claiming the next member...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are paused: set yourself Ready to be given members.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody to call right now: the queue is empty or outside calling hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today is %1, a no-call day: nobody is called. An administrator chooses the no-call holidays in Settings, Queue rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no open follow-up: shown for reading, no call started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not called: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Call anyway? As a supervisor you may override the calling window; the override is recorded in the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not claim: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-call time is up: complete and save the form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not release: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Released.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left the call without saving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: check the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your claim on this member was lost: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-call time is up: complete and save the form before the next call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database cannot be reached; try again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallTimers</name>
    <message>
        <source>Call %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-call %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-call %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallbackAlert</name>
    <message>
        <source>Call now (Ctrl+B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Callback due: %1 (%2), booked for %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CallbacksPanel</name>
    <message>
        <source>on call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n callback(s) booked for today</source>
        <translation>
            <numerusform>%n callback booked for today</numerusform>
            <numerusform>%n callbacks booked for today</numerusform>
        </translation>
    </message>
    <message>
        <source>No callbacks booked for today.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Codes</name>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diamond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tmall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fish oil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vitamins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protein powder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probiotics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Infant formula</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baby food</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Churn warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trying to conceive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pregnancy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0-6 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6-12 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complementary food</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effect check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery survey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Churn risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cadence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Callback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Callback requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As directed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Irregular</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mild</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service attitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stock-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspected counterfeit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adverse reaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supply chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Technology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Special team (48 h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reship the product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compensation points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New ticket to the special team (48 h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sleep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mood</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exercise performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Immunity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baby growth</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ColumnsPage</name>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save mapping...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the file...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>XLSX workbook (first sheet), %n column(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>CSV, encoding %1, delimiter %2, %3 column(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(ignore)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>offline - %1 outcomes waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sending - %1 outcomes waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 outcomes refused by the server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Connection settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only to test; never kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the server empty to use the embedded database on this computer. Each user signs in to the server with their own user name and password. A new server is used from the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a database address. Example: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared server must be PostgreSQL. Example: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded database needs no server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected. The server&apos;s schema is the one this CareDesk needs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused this user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactPreferencesDialog</name>
    <message>
        <source>Contact preferences and consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 12:00-13:30;19:00-21:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agrees to care calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do-not-call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>CareDesk - unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong that CareDesk did not expect. Your saved work is safe. Please copy the report below and send it to support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report was also saved as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DispositionBar</name>
    <message>
        <source>Disposition:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys 1-7 choose while this row has the focus; Alt+1-7 choose from anywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not chosen yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EffectChart</name>
    <message>
        <source>No effect ratings yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorsModel</name>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CSV or XLSX export of members, products or orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spreadsheets (*.csv *.txt *.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormMessages</name>
    <message>
        <source>Enter times as HH:MM-HH:MM, several separated by ; (%1 is not one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the listed options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose yes or no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ticket is resolved: its severity stays as it was</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Holidays</name>
    <message>
        <source>New Year&apos;s Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spring Festival</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomb-Sweeping Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labour Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dragon Boat Festival</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mid-Autumn Festival</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (no calls today)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make-up working day</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KnowledgePanel</name>
    <message>
        <source>Knowledge base: words or pinyin initials (F1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s)</source>
        <translation>
            <numerusform>%n answer</numerusform>
            <numerusform>%n answers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CareDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Member contact preferences...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connection settings...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Supervisor console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About CareDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>embedded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or select a member first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls today: %1 · connect rate %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About CareDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk: the care follow-up call-centre workstation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemberPanel</name>
    <message>
        <source>Care report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Effects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;No member open.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets (%1 open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no supply estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>ran out %n day(s) ago</source>
        <translation>
            <numerusform>ran out %n day ago</numerusform>
            <numerusform>ran out %n days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>runs out today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>about %n day(s) left</source>
        <translation>
            <numerusform>about %n day left</numerusform>
            <numerusform>about %n days left</numerusform>
        </translation>
    </message>
    <message>
        <source>PDC %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>says: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runs out %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last call %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open ticket #%1: %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>and %n more open ticket(s)</source>
        <translation>
            <numerusform>and %n more open ticket</numerusform>
            <numerusform>and %n more open tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care manager: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefers %1; best times %2; time zone %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not call: no consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severe adverse reaction on file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No purchases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Covers until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>satisfaction %1/10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complaint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health data is hidden: you are not allowed to see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No health profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constitution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allergies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baby stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baby born</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemberSearchPanel</name>
    <message>
        <source>Any member: name, pinyin initials, phone tail, member id</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) found</source>
        <translation>
            <numerusform>%n member found</numerusform>
            <numerusform>%n members found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MembersModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MembersPanel</name>
    <message>
        <source>Search by name or phone tail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message>
        <source>No members are assigned to you.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutcomeForm</name>
    <message>
        <source>-</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1-10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Satisfaction (1-10):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;dherence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;maining days:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refill &amp;intent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Effects (1-10):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Advice for the member:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the 48-hour re-visit after a resolved ticket, when the member is still unhappy: each remedy chosen is done when the call is saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remedies if still &amp;unhappy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the member says went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Com&amp;plaint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adverse &amp;reaction:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call&amp;back at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For the care team only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printed in the member&apos;s care report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutcomeMessages</name>
    <message>
        <source>Enter a whole number from 1 to 10 (%1 is not accepted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a whole number of days from 0 to %1 (%2 is not accepted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A callback needs the time to call back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only for a callback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be recorded for &quot;%1&quot;: the member was not spoken to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too long: %1 characters, at most %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required: choose one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose yes or no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the listed options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remedies are only for the re-visit after a resolved ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control characters (such as NUL) are not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text direction override characters are not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid text (broken encoding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The callback time must be in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a time as YYYY-MM-DD HH:MM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a question of this script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter whole seconds from 0 to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chinese (Simplified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional (counts up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time-boxed (form must be done in time)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Care report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save care report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the report: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the first rows...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the first %2 rows have problems (marked; hover for the reason).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first %1 rows are fine.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgrammeActions</name>
    <message>
        <source>Read to the member: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referral recorded: both get points back when the new customer places a first order.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgrammeBar</name>
    <message>
        <source>Redeem…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record that this member referred a new customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;Points: loading…&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 expire by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frozen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 yuan to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgrammeMessages</name>
    <message>
        <source>Not enough points: this needs %1, the balance is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A member cannot refer themselves (the same member or the same phone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This customer was referred already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: the new customer is among this member&apos;s own referrers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only new customers can be referred: this one has ordered before</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>All reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, phone tail or initials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) to call</source>
        <translation>
            <numerusform>%n member to call</numerusform>
            <numerusform>%n members to call</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in their calling window</source>
        <translation>
            <numerusform>%n in their calling window</numerusform>
            <numerusform>%n in their calling window</numerusform>
        </translation>
    </message>
    <message>
        <source>Queue not refreshed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <source>Redeem points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redeem %1 for %2 points? %3 points will be left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm with the member first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReferDialog</name>
    <message>
        <source>Record a referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who did %1 refer? Find the new customer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New customer: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportActions</name>
    <message>
        <source>&amp;Care report...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export premium care reports...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a member first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the care report...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save report...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows read, %2 created, %3 updated, %4 unchanged, %5 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 merged by phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 referrals recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaveText</name>
    <message>
        <source>Callback booked for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket %1 opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreached after repeated attempts: an SMS survey is queued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back in the queue at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved on this computer; it goes to the server in the background (%1 waiting).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has the outcome for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has a saved outcome.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a saved outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the outcome for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScriptPanel</name>
    <message>
        <source>No call open. Press Next (Ctrl+N) to claim the next member.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScriptView</name>
    <message>
        <source>1-10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the member says</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Finish the current call first; the language changes after it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Shared database server (empty: the embedded database on this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language (empty: system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-call work: optional or time-boxed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-call work time box (seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue refresh interval (seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIP user (empty: hand calls to the system&apos;s phone app)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIP registrar or trunk host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIP trunk HOST:PORT calls go to (empty: the registrar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register with the SIP server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up a call still ringing after (seconds)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telephony</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded database on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server connection and test...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept in the system keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIP password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Save for every workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calling hours start (member&apos;s local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calling hours end (member&apos;s local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default call slots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact cap: calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact cap: period (e.g. 7d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum gap between calls (e.g. 24h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts before unreached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earliest retry after no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own callback passes to anyone after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Care manager keeps a due member for extra days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No-call holidays (codes, comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. Every workstation uses these values from now on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1 opens the knowledge base; Ctrl+/ shows this sheet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim the next member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dial the member of the call in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the member back to the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up and start after-call work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find in queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take callback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My callbacks today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find any member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the disposition row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a disposition (from anywhere)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a disposition while the disposition row has the focus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next tab inside a panel (arrows on a tab bar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call the member of the queue row</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to CareDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This user is locked. Ask an administrator to unlock it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed sign-ins: this user is locked until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the database: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The database on the server has an older schema (%1) than this CareDesk needs (%2).

Ask your administrator to run:
    caredesk-admin db upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full. Free some space and start CareDesk again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CareDesk cannot write its database file or folder (a read-only disk or no permission).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file is damaged or is not a CareDesk database. Restore it from a backup (a copy is kept beside it before each upgrade).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the demo database on first run, this takes a moment...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the database...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Supervisor</name>
    <message>
        <source>Reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Callback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcomes by hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction trend (daily average, 1-10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaints by category, last 6 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA compliance by ticket type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reassign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period summary PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter or double-click opens the ticket or the member.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The supervisor console is for supervisors only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved %1 task(s); %2 left with the agent on the call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save period summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the period summary...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaints opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA breaches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refills after calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Churn-risk members reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On a call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: lunch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: coaching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severe adverse reaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SLA due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat complaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abandoned claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 vs previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reassign work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now assigned to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member ids, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their open tasks held for the old owner move with them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks by filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member ownership</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone or no one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No one (pooled tasks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 open task(s) match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose who the work moves to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member ids are numbers separated by commas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open (all open states)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All departments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign ticket #%1 to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket #%1 assigned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalate ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why escalate ticket #%1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket #%1 escalated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How was ticket #%1 resolved?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket #%1 resolved; the re-visit call is booked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member programme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repurchase rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median repurchase interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members in churn warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Won back after a call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier movements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisorConsole</name>
    <message numerus="yes">
        <source>Updated %1 · %n alert(s)</source>
        <translation>
            <numerusform>Updated %1 · %n alert</numerusform>
            <numerusform>Updated %1 · %n alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <source>CareDesk - Supervisor console</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketEditDialog</name>
    <message>
        <source>Edit ticket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketsPanel</name>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform>
            <numerusform>%n tickets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VersionedFormDialog</name>
    <message>
        <source>The form now shows the latest values.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Workstation</name>
    <message>
        <source>Ready. Press Next (Ctrl+N) to claim a member.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On call: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: no new members are given to you until you are Ready.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkstationLayout</name>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My callbacks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find member</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
