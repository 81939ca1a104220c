# ---
# jupyter:
#   kernelspec:
#     name: [python3
# ---

# %%
print(1)
