import { Box, Grid, IconButton, Typography } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { ReactNode } from 'react';

/** A message said under a row, about one of its fields. */
export interface RowProblem {
  key: string;
  text: string;
  testId: string;
}

/**
 * One entry of a list the user edits (a worker group, a volume): its fields side by side, a remove
 * button at the end, and the problems under the row. A one-column field has no room for a sentence,
 * so each problem is said once, full width, and the invalid fields point at it (`problemsId`).
 */
export function ItemRow(props: {
  testId: string;
  problemsId: string;
  removeLabel: string;
  onRemove: () => void;
  problems: RowProblem[];
  /** The row's fields, as `Grid` items whose widths leave one column for the remove button. */
  children: ReactNode;
}) {
  const { testId, problemsId, removeLabel, onRemove, problems, children } =
    props;
  return (
    <Box data-testid={testId}>
      <Grid container spacing={1} alignItems="flex-start">
        {children}
        <Grid item xs={1}>
          <IconButton aria-label={removeLabel} onClick={onRemove}>
            <DeleteIcon />
          </IconButton>
        </Grid>
      </Grid>
      {problems.length > 0 && (
        <Box id={problemsId} mb={1}>
          {problems.map(problem => (
            <Typography
              key={problem.key}
              color="error"
              variant="caption"
              component="p"
              data-testid={problem.testId}
            >
              {problem.text}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}
