<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
  <context>
    <name>CallbackAlert</name>
    <message numerus="yes">
      <source>and %n more</source>
      <translation>
        <numerusform>and %n more</numerusform>
        <numerusform>and %n more</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>KnowledgePanel</name>
    <message numerus="yes">
      <source>%n answer(s)</source>
      <translation>
        <numerusform>%n answer</numerusform>
        <numerusform>%n answers</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MembersPanel</name>
    <message numerus="yes">
      <source>%n member(s)</source>
      <translation>
        <numerusform>%n member</numerusform>
        <numerusform>%n members</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>QueuePanel</name>
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
  </context>
  <context>
    <name>CallbacksPanel</name>
    <message numerus="yes">
      <source>%n callback(s) booked for today</source>
      <translation>
        <numerusform>%n callback booked for today</numerusform>
        <numerusform>%n callbacks booked for today</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MemberPanel</name>
    <message numerus="yes">
      <source>and %n more open ticket(s)</source>
      <translation>
        <numerusform>and %n more open ticket</numerusform>
        <numerusform>and %n more open tickets</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MemberSearchPanel</name>
    <message numerus="yes">
      <source>%n member(s) found</source>
      <translation>
        <numerusform>%n member found</numerusform>
        <numerusform>%n members found</numerusform>
      </translation>
    </message>
  </context>
</TS>
