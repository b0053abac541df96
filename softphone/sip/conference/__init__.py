"""Three-way calls: the conference half of SipEngine, on PJSIP's own conference bridge.

A conference is a set of our calls ("legs") that share a `conference_id`. Each leg already
hears the operator and is heard by the operator (CallControl wires the ear and the mouth);
joining adds the legs' audio to each other in both directions, so every far end hears the
others and the operator. Nothing is mixed in Python: the bridge does it in its clock thread.

- Hold and mute act on the whole conference: holding one leg holds them all (nobody is left
  talking to a far end the operator cannot hear), muting sends silence into every leg.
- A leg that hangs up (or is hung up) leaves alone; with one leg left the conference is over
  and that call simply stays connected to the operator.
- Split keeps one leg talking and puts the others on hold, each in its own call again.
- Adding someone by number dials a new call; once it is answered it joins the conference.
"""
